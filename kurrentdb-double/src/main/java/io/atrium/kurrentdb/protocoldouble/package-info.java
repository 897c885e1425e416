/**
 * A protocol double of KurrentDB: an in-process gRPC server for the part of KurrentDB's protocol the
 * official Java client uses. Tests and benchmarks run the event store's contract against it where no
 * real server can run.
 */
@NullMarked
package io.atrium.kurrentdb.protocoldouble;

import org.jspecify.annotations.NullMarked;
