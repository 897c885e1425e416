/** Members over HTTP: {@code GET /api/v1/members}, from {@code member_view}, within the caller's tenant. */
@NullMarked
package io.atrium.query.member;

import org.jspecify.annotations.NullMarked;
