/** The tenants' HTTP API: a platform operator creates, lists, suspends, resumes and deletes tenants. */
@NullMarked
package io.atrium.command.tenant.web;

import org.jspecify.annotations.NullMarked;
