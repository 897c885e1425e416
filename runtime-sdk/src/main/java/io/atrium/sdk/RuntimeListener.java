package io.atrium.sdk;

import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.policy.PolicyDenial;
import io.atrium.sdk.view.Rendered;
import java.util.List;

/**
 * What a host hears from its runtime. Called from mini-programs' threads; keep it quick. Every
 * method has a default.
 */
public interface RuntimeListener {

    /** A page was opened, shown again, or re-rendered after {@code setData}; {@code patches} is empty for a full render. */
    default void onPage(MiniProgramSession session, PageView page, List<Rendered.Patch> patches) {}

    /** A mini-program broke a limit or tried to leave its sandbox; its callback was stopped. */
    default void onViolation(SandboxViolation violation) {}

    /** A call outside the host's policy was refused. */
    default void onPolicyDenied(PolicyDenial denial) {}

    /** A mini-program's callback threw an error it did not catch. */
    default void onScriptError(String miniProgramId, ScriptError error) {}

    /** {@code console.*} output of a mini-program. */
    default void onLog(String miniProgramId, String level, String message) {}
}
