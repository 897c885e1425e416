/** The members read model ({@code member_view}): who is a member of each tenant, for listing. */
@NullMarked
package io.atrium.projections.member;

import org.jspecify.annotations.NullMarked;
