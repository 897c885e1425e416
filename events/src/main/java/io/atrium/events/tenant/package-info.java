/**
 * The Tenant event family: the enterprises (tenants) a platform operator creates, suspends, resumes
 * and deletes. A tenant's state decides whether its credentials and host apps are served at all.
 */
@NullMarked
package io.atrium.events.tenant;

import org.jspecify.annotations.NullMarked;
