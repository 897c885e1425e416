package io.atrium.server.compiler;

import io.atrium.compiler.BabelScriptCompiler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Uploads compile ES2015+ scripts to the ES5 the sandbox runs, so sealed packages carry compiled
 * code and no host app needs a compiler. Babel loads on the first upload that needs it (seconds on
 * a stock JDK), not at start-up: most nodes and most uploads never need it.
 */
@Configuration(proxyBeanMethods = false)
public class ScriptCompilers {

    /**
     * Injected wherever the command side asks for a {@code ScriptCompiler}: primary, because the
     * command side keeps a pass-through one for running without a compiler.
     */
    @Bean(destroyMethod = "close")
    @Primary
    BabelScriptCompiler babelScriptCompiler() {
        return new BabelScriptCompiler();
    }
}
