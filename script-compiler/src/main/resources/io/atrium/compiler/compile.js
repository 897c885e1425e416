/*
 * Babel's settings for mini-program scripts, as a function of (source, path) that answers
 * {code} or {error, line}. Evaluated once per compiler, after babel.min.js.
 *
 * - targets ie 11: everything past ES5 is compiled, because Rhino runs some ES2015 it parses
 *   wrongly (see Es5Scripts); the helpers Babel needs are inlined into each file.
 * - retainLines: a compiled line N is the developer's line N, so the sandbox's errors point at
 *   the file and line they wrote.
 * - sourceType unambiguous + CommonJS modules: a file with import/export becomes a CommonJS module,
 *   as WeChat's tools make it; any other file stays a script.
 * - no config files: a package cannot steer the compiler (there is no file system here anyway).
 */
(function (source, path) {
  try {
    var out = Babel.transform(source, {
      filename: path,
      sourceType: 'unambiguous',
      retainLines: true,
      comments: false,
      babelrc: false,
      configFile: false,
      browserslistConfigFile: false,
      presets: [['env', {targets: {ie: '11'}, modules: 'commonjs'}]]
    });
    return {code: out.code};
  } catch (e) {
    var message = String(e && e.message ? e.message : e).split('\n')[0];
    var prefix = path + ': ';
    if (message.indexOf(prefix) === 0) message = message.substring(prefix.length);
    return {error: message, line: e && e.loc ? e.loc.line : 0};
  }
})
