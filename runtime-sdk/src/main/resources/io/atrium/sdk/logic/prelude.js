/*
 * The mini-program framework, inside the sandbox: App, Page, getApp, getCurrentPages, the `ft` API
 * object (`wx` as an alias), timers and console. It is called once with the native bridge, keeps it
 * in this closure only (mini-program code never sees it), and answers the dispatcher the Java side
 * drives lifecycle, events, callbacks and timers through.
 *
 * Everything it needs from the language is captured before any mini-program code runs, so a
 * mini-program that replaces JSON.stringify or Array.prototype.push breaks only itself.
 */
(function (native, global) {
  'use strict';
  var stringify = JSON.stringify, parse = JSON.parse, keysOf = Object.keys, freeze = Object.freeze;
  var hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  var isArray = Array.isArray;

  var app = null, defining = null, pageDefs = {}, pages = {}, stack = [];
  var callbacks = {}, nextCallback = 1, timers = {}, nextTimer = 1;

  function json(value) {
    var text = stringify(value === undefined ? null : value);
    return text === undefined ? 'null' : text;
  }

  function copy(value) {
    return parse(json(value));
  }

  // ---- setData path keys: 'a.b[2].c' -> ['a', 'b', 2, 'c'] ----

  function parsePath(path) {
    var segments = [], i = 0, n = path.length, name = '';
    while (i < n) {
      var c = path.charAt(i);
      if (c === '.') {
        if (name === '' && (segments.length === 0 || path.charAt(i - 1) !== ']')) throw new TypeError('setData: bad path key "' + path + '"');
        if (name !== '') segments.push(name);
        name = '';
        i++;
      } else if (c === '[') {
        if (name !== '') segments.push(name);
        name = '';
        var close = path.indexOf(']', i);
        var digits = close < 0 ? '' : path.substring(i + 1, close);
        if (!/^\d+$/.test(digits)) throw new TypeError('setData: bad index in path key "' + path + '"');
        segments.push(+digits);
        i = close + 1;
      } else {
        name += c;
        i++;
      }
    }
    if (name !== '') segments.push(name);
    if (segments.length === 0) throw new TypeError('setData: empty path key');
    return segments;
  }

  function assign(root, segments, value) {
    var target = root;
    for (var i = 0; i < segments.length - 1; i++) {
      var key = segments[i];
      var next = target[key];
      if (next === null || typeof next !== 'object') {
        next = typeof segments[i + 1] === 'number' ? [] : {};
        target[key] = next;
      }
      target = next;
    }
    target[segments[segments.length - 1]] = value;
  }

  // ---- modules: every script file is a CommonJS module, as WeChat runs them ----
  //
  // The cache lives here, in the closure: a module's record reaches only the code of that module
  // and whoever it exports to. Source is compiled on the Java side (which reads the package file
  // only now, and refuses any path that is not a plain one inside the package); nothing here
  // evaluates text.

  var modules = Object.create(null);
  var split = Function.prototype.call.bind(String.prototype.split), join = Function.prototype.call.bind(Array.prototype.join);

  /** The package path a request names, from the file that makes it; null when it climbs out of the package. */
  function resolveFrom(from, request) {
    var out = request.charAt(0) === '/' ? [] : split(from, '/');
    if (request.charAt(0) !== '/') out.length = out.length - 1;
    var parts = split(request, '/');
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (out.length === 0) return null;
        out.length = out.length - 1;
      } else {
        out[out.length] = part;
      }
    }
    return join(out, '/');
  }

  function candidatesOf(base) {
    if (base === '') return ['index.js'];
    return /\.js$/.test(base) ? [base] : [base + '.js', base + '/index.js'];
  }

  /**
   * Where a bare name is looked for as an npm package: in the miniprogram_npm folder of the file's
   * own folder, then of each folder above it up to the root, as WeChat's npm build lays packages
   * out (a package's own dependencies sit in a miniprogram_npm folder inside it).
   */
  function npmCandidates(from, request) {
    var dirs = split(from, '/'), out = [];
    for (var d = dirs.length - 1; d >= 0; d--) {
      var prefix = '';
      for (var i = 0; i < d; i++) prefix += dirs[i] + '/';
      var base = resolveFrom(prefix + 'miniprogram_npm/-', request);
      if (base !== null) out = out.concat(candidatesOf(base));
    }
    return out;
  }

  function makeRequire(from) {
    return function require(request) {
      if (typeof request !== 'string' || request === '') throw new TypeError('require() takes a module path (in ' + from + ')');
      var base = resolveFrom(from, request);
      if (base === null) throw new Error('require("' + request + '") in ' + from + ' leaves the package');
      var candidates = candidatesOf(base);
      var first = request.charAt(0);
      // A bare name ('util') is first looked for beside the file, as WeChat does, then as an npm package.
      if (first !== '.' && first !== '/') candidates = candidates.concat(npmCandidates(from, request));
      for (var i = 0; i < candidates.length; i++) {
        var path = candidates[i];
        if (modules[path] !== undefined) return modules[path].exports;
        var body = native.module(path);
        if (body !== undefined) return runModule(path, body).exports;
      }
      throw new Error('cannot find module "' + request + '" required from ' + from + ' (looked for ' + join(candidates, ', ') + ')');
    };
  }

  /** Runs a module's compiled body once; its record is cached first, so a cycle sees the partial exports. */
  function runModule(path, body) {
    var module = {id: path, exports: {}, loaded: false};
    modules[path] = module;
    // As in Node, a module that failed is not cached: the next require tries it again. (No catch
    // and rethrow: the error keeps the place it was thrown at.)
    try {
      body.call(module.exports, makeRequire(path), module, module.exports);
      module.loaded = true;
    } finally {
      if (!module.loaded) delete modules[path];
    }
    return module;
  }

  // ---- App and Page ----

  function App(definition) {
    if (app !== null) throw new Error('App() may be called only once');
    if (definition === null || typeof definition !== 'object') throw new TypeError('App() takes an object');
    app = definition;
    if (!hasOwn(app, 'globalData')) app.globalData = {};
  }

  function Page(definition) {
    if (defining === null) throw new Error('Page() may be called only by a page script, once');
    if (definition === null || typeof definition !== 'object') throw new TypeError('Page() takes an object');
    pageDefs[defining] = definition;
    defining = null;
  }

  function getApp() {
    return app;
  }

  function getCurrentPages() {
    var out = [];
    for (var i = 0; i < stack.length; i++) out[i] = pages[stack[i]];
    return out;
  }

  function makeSetData(id) {
    return function setData(patch, callback) {
      if (patch === null || typeof patch !== 'object' || isArray(patch)) throw new TypeError('setData takes an object');
      var names = keysOf(patch), operations = [];
      for (var i = 0; i < names.length; i++) operations[i] = [parsePath(names[i]), patch[names[i]]];
      var payload = json(operations);
      native.setData(id, payload);
      var page = pages[id] || components[id].instance, applied = parse(payload);
      for (var j = 0; j < applied.length; j++) assign(page.data, applied[j][0], applied[j][1]);
      if (components[id] !== undefined) observe(components[id], applied);
      if (typeof callback === 'function') later(function () { callback.call(page); });
    };
  }

  function call(target, name, argument) {
    if (target && typeof target[name] === 'function') target[name](argument);
  }

  // ---- custom components: Component(), Behavior(), and their instances ----
  //
  // A definition is flattened once (behaviors first, in order, then its own fields), so an instance
  // is a plain object: its data (properties included, as WeChat's this.data has them), its methods,
  // setData and triggerEvent. The Java side decides where instances are (it renders them) and asks
  // for them to be created, given properties, and detached.

  var componentDefs = {}, definingComponent = null, components = {};
  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  var PAGE_LIFETIMES = ['show', 'hide', 'resize'];

  function behaviorMark() {}

  function flatten(definition, what) {
    if (definition === null || typeof definition !== 'object') throw new TypeError(what + '() takes an object');
    var out = {properties: {}, data: {}, methods: {}, observers: [], lifetimes: {}, pageLifetimes: {}, externalClasses: [], options: {}, relations: {}};
    LIFETIMES.forEach(function (n) { out.lifetimes[n] = []; });
    PAGE_LIFETIMES.forEach(function (n) { out.pageLifetimes[n] = []; });
    (isArray(definition.behaviors) ? definition.behaviors : []).forEach(function (behavior) {
      if (behavior && behavior.flat && behavior.mark === behaviorMark) merge(out, behavior.flat);
    });
    var own = {properties: definition.properties || {}, data: definition.data || {}, methods: definition.methods || {},
      observers: [], lifetimes: {}, pageLifetimes: {}, externalClasses: definition.externalClasses || [], options: definition.options || {},
      relations: definition.relations || {}};
    var observers = definition.observers || {};
    keysOf(observers).forEach(function (fields) { own.observers.push([fields, observers[fields]]); });
    LIFETIMES.forEach(function (n) {
      // The lifetimes field wins over the old top-level form, as in WeChat.
      var fn = definition.lifetimes && typeof definition.lifetimes[n] === 'function' ? definition.lifetimes[n] : definition[n];
      own.lifetimes[n] = typeof fn === 'function' ? [fn] : [];
    });
    PAGE_LIFETIMES.forEach(function (n) {
      var fn = definition.pageLifetimes && definition.pageLifetimes[n];
      own.pageLifetimes[n] = typeof fn === 'function' ? [fn] : [];
    });
    merge(out, own);
    return out;
  }

  function merge(into, from) {
    keysOf(from.properties).forEach(function (n) { into.properties[n] = from.properties[n]; });
    keysOf(from.data).forEach(function (n) { into.data[n] = from.data[n]; });
    keysOf(from.methods).forEach(function (n) { into.methods[n] = from.methods[n]; });
    into.observers = into.observers.concat(from.observers);
    LIFETIMES.forEach(function (n) { into.lifetimes[n] = into.lifetimes[n].concat(from.lifetimes[n]); });
    PAGE_LIFETIMES.forEach(function (n) { into.pageLifetimes[n] = into.pageLifetimes[n].concat(from.pageLifetimes[n]); });
    into.externalClasses = into.externalClasses.concat(from.externalClasses);
    keysOf(from.options).forEach(function (n) { into.options[n] = from.options[n]; });
    keysOf(from.relations).forEach(function (n) { into.relations[n] = from.relations[n]; });
  }

  // ---- relations: two components that name each other, one inside the other ----
  //
  // The inner one names the outer as 'parent' (its nearest component) or 'ancestor' (any above it),
  // the outer names the inner as 'child' or 'descendant'; both must, as in WeChat. Linked pairs are
  // kept on both records, in the order they linked (the order the inner ones rendered in).

  var INWARD = {parent: 'child', ancestor: 'descendant'};

  /** The component path a relation's key names, from the component that declares it. */
  function relationTarget(path, key) {
    return resolveFrom(path, String(key));
  }

  function sameComponent(path, target) {
    return path === target || path === target + '/index';
  }

  /** The relation of record's definition that names path with one of the given types, or null. */
  function relationTo(record, path, types) {
    var relations = record.def.relations, keys = keysOf(relations);
    for (var i = 0; i < keys.length; i++) {
      var r = relations[keys[i]];
      if (r && types.indexOf(r.type) >= 0 && sameComponent(path, relationTarget(record.instance.is, keys[i]))) return {key: keys[i], spec: r};
    }
    return null;
  }

  function linkRelations(id, ancestors) {
    var inner = components[id];
    var relations = inner.def.relations, keys = keysOf(relations);
    keys.forEach(function (key) {
      var spec = relations[key];
      if (!spec || !hasOwn(INWARD, spec.type)) return;
      var target = relationTarget(inner.instance.is, key);
      var reach = spec.type === 'parent' ? Math.min(1, ancestors.length) : ancestors.length;
      for (var i = 0; i < reach; i++) {
        var outer = components[ancestors[i]];
        if (outer === undefined || !sameComponent(outer.instance.is, target)) continue;
        var back = relationTo(outer, inner.instance.is, [INWARD[spec.type]]);
        if (back === null) return;
        addLink(inner, key, ancestors[i]);
        addLink(outer, back.key, id);
        if (typeof spec.linked === 'function') spec.linked.call(inner.instance, outer.instance);
        if (typeof back.spec.linked === 'function') back.spec.linked.call(outer.instance, inner.instance);
        return;
      }
    });
  }

  function addLink(record, key, otherId) {
    var list = record.links[key] || (record.links[key] = []);
    if (list.indexOf(otherId) < 0) list.push(otherId);
  }

  /** The instance goes: each partner loses it and hears unlinked. */
  function unlinkRelations(id) {
    var record = components[id];
    keysOf(record.links).forEach(function (key) {
      var spec = record.def.relations[key] || {};
      record.links[key].forEach(function (otherId) {
        var other = components[otherId];
        if (other === undefined) return;
        keysOf(other.links).forEach(function (otherKey) {
          var at = other.links[otherKey].indexOf(id);
          if (at < 0) return;
          other.links[otherKey].splice(at, 1);
          var otherSpec = other.def.relations[otherKey] || {};
          if (typeof otherSpec.unlinked === 'function') otherSpec.unlinked.call(other.instance, record.instance);
        });
        if (typeof spec.unlinked === 'function') spec.unlinked.call(record.instance, other.instance);
      });
    });
    record.links = {};
  }

  function Behavior(definition) {
    return freeze({mark: behaviorMark, flat: flatten(definition, 'Behavior')});
  }

  function Component(definition) {
    if (definingComponent !== null) {
      componentDefs[definingComponent] = flatten(definition, 'Component');
      definingComponent = null;
    } else if (defining !== null) {
      Page(pageOfComponent(flatten(definition, 'Component')));
    } else {
      throw new Error('Component() may be called only by a component\'s or a page\'s script, once');
    }
  }

  // ---- properties: typed as their spec says, defaulted when the host does not pass them ----

  function specOf(spec) {
    return spec !== null && typeof spec === 'object' ? spec : {type: spec};
  }

  function emptyOf(type) {
    if (type === String) return '';
    if (type === Number) return 0;
    if (type === Boolean) return false;
    if (type === Array) return [];
    if (type === Object) return null;
    return null;
  }

  function defaultOf(spec) {
    var s = specOf(spec);
    return hasOwn(s, 'value') ? copy(s.value) : emptyOf(s.type);
  }

  function coerce(spec, value) {
    var type = specOf(spec).type;
    if (value === undefined) return defaultOf(spec);
    if (type === String) return value === null ? '' : typeof value === 'object' ? json(value) : String(value);
    if (type === Number) { var n = +value; return n === n ? n : defaultOf(spec); }
    // A bare attribute (<x flag/>) passes "": present, so true.
    if (type === Boolean) return value === '' || (value !== 'false' && !!value);
    if (type === Array) return isArray(value) ? value : defaultOf(spec);
    if (type === Object) return value !== null && typeof value === 'object' ? value : defaultOf(spec);
    return value;
  }

  function runLifetime(record, name, argument) {
    var fns = record.def.lifetimes[name];
    for (var i = 0; i < fns.length; i++) fns[i].call(record.instance, argument);
  }

  /** The value at a path of an observer's field list ('a', 'a.b', 'list[0]', 'a.**', '**'). */
  function fieldValue(data, field) {
    if (field === '**') return data;
    var path = field.replace(/\.\*\*$/, ''), value = data, segments = parsePath(path);
    for (var i = 0; i < segments.length && value !== null && value !== undefined; i++) value = value[segments[i]];
    return value;
  }

  /** Runs the observers whose fields a setData touched; then each property's own observer. */
  function observe(record, applied, previous) {
    var def = record.def, instance = record.instance;
    var touched = applied.map(function (op) { return op[0]; });
    def.observers.forEach(function (observer) {
      var fields = observer[0].split(',').map(function (f) { return f.trim(); });
      var hit = fields.some(function (field) {
        if (field === '**') return true;
        var watched = parsePath(field.replace(/\.\*\*$/, ''));
        return touched.some(function (segments) {
          for (var i = 0; i < Math.min(watched.length, segments.length); i++) if (watched[i] !== segments[i]) return false;
          return true;
        });
      });
      var fn = typeof observer[1] === 'function' ? observer[1] : def.methods[observer[1]];
      if (hit && typeof fn === 'function') fn.apply(instance, fields.map(function (f) { return fieldValue(instance.data, f); }));
    });
    if (previous === undefined) return;
    keysOf(previous).forEach(function (name) {
      var handler = specOf(def.properties[name]).observer;
      var fn = typeof handler === 'function' ? handler : typeof handler === 'string' ? instance[handler] : null;
      if (typeof fn === 'function') fn.call(instance, instance.data[name], previous[name], [name]);
    });
  }

  function createComponent(id, pageId, path, properties) {
    var def = componentDefs[path];
    if (def === undefined) throw new Error('the component ' + path + ' did not call Component()');
    var instance = {is: path, id: '', dataset: {}};
    keysOf(def.methods).forEach(function (n) { instance[n] = def.methods[n]; });
    var data = copy(def.data);
    keysOf(def.properties).forEach(function (n) { data[n] = coerce(def.properties[n], properties[n]); });
    instance.data = data;
    instance.properties = data;
    instance.setData = makeSetData(id);
    instance.triggerEvent = function (name, detail) {
      native.trigger(id, String(name), json(detail === undefined ? {} : detail));
    };
    // As in WeChat, a component's query and animations are its page's.
    instance.createSelectorQuery = function () { return selectorQuery(pageId); };
    instance.selectComponent = function (selector) { return selectComponents(pageId, id, selector)[0] || null; };
    instance.selectAllComponents = function (selector) { return selectComponents(pageId, id, selector); };
    instance.createIntersectionObserver = intersectionObserver;
    instance.getPageId = function () { return 'page-' + pageId; };
    var record = {instance: instance, def: def, pageId: pageId, links: {}};
    // The instances linked by the relation declared under this key (or naming the same component).
    instance.getRelationNodes = function (key) {
      var target = relationTarget(path, key), out = [];
      keysOf(record.links).forEach(function (own) {
        if (own === key || sameComponent(relationTarget(path, own), target) || sameComponent(target, relationTarget(path, own))) {
          record.links[own].forEach(function (otherId) { if (components[otherId]) out.push(components[otherId].instance); });
        }
      });
      return out;
    };
    components[id] = record;
    native.pageData(id, json(data));
    runLifetime(record, 'created');
    // The properties the host passes are set on the new instance as setData would set them, so
    // their observers run now, before attached, as in WeChat; a property's own observer only when
    // the value differs from its default.
    var applied = [], previous = {}, given = false;
    keysOf(def.properties).forEach(function (n) {
      if (!hasOwn(properties, n) || properties[n] === undefined) return;
      given = true;
      applied.push([[n], data[n]]);
      var initial = defaultOf(def.properties[n]);
      if (json(initial) !== json(data[n])) previous[n] = initial;
    });
    if (given) observe(record, applied, previous);
  }

  /** New properties from the host: set as data, then observed (the property's observer gets the old value too). */
  function componentProperties(id, properties) {
    var record = components[id], def = record.def, instance = record.instance, patch = {}, previous = {}, changed = false;
    keysOf(def.properties).forEach(function (n) {
      var value = coerce(def.properties[n], properties[n]);
      if (json(value) !== json(instance.data[n])) {
        previous[n] = instance.data[n];
        patch[n] = value;
        changed = true;
      }
    });
    if (!changed) return;
    var names = keysOf(patch), operations = [];
    for (var i = 0; i < names.length; i++) operations[i] = [[names[i]], patch[names[i]]];
    var payload = json(operations);
    native.setData(id, payload);
    var applied = parse(payload);
    for (var j = 0; j < applied.length; j++) assign(instance.data, applied[j][0], applied[j][1]);
    observe(record, applied, previous);
  }

  /** A page written as Component({...}): its methods are the page's, its lifetimes run at the page's. */
  function pageOfComponent(def) {
    var page = {}, record = {def: def, instance: null};
    keysOf(def.methods).forEach(function (n) { page[n] = def.methods[n]; });
    var data = copy(def.data);
    keysOf(def.properties).forEach(function (n) { data[n] = defaultOf(def.properties[n]); });
    page.data = data;
    var onLoad = def.methods.onLoad, onShow = def.methods.onShow, onHide = def.methods.onHide;
    var onReady = def.methods.onReady, onUnload = def.methods.onUnload;
    page.onLoad = function (query) {
      record.instance = this;
      this.properties = this.data;
      // The page's query fills the properties of the same names, as WeChat does.
      var patch = {};
      keysOf(def.properties).forEach(function (n) { if (query && hasOwn(query, n)) patch[n] = coerce(def.properties[n], query[n]); });
      if (keysOf(patch).length > 0) this.setData(patch);
      runLifetime(record, 'created');
      runLifetime(record, 'attached');
      if (typeof onLoad === 'function') onLoad.call(this, query);
    };
    page.onShow = function () {
      runPageLifetime(record, 'show');
      if (typeof onShow === 'function') onShow.call(this);
    };
    page.onHide = function () {
      runPageLifetime(record, 'hide');
      if (typeof onHide === 'function') onHide.call(this);
    };
    page.onReady = function () {
      runLifetime(record, 'ready');
      if (typeof onReady === 'function') onReady.call(this);
    };
    page.onUnload = function () {
      try {
        if (typeof onUnload === 'function') onUnload.call(this);
      } finally {
        runLifetime(record, 'detached');
      }
    };
    return page;
  }

  function runPageLifetime(record, name) {
    var fns = record.def.pageLifetimes[name];
    for (var i = 0; i < fns.length; i++) fns[i].call(record.instance);
  }

  function componentsOf(pageId) {
    return keysOf(components).filter(function (id) { return components[id].pageId === pageId; });
  }

  // ---- callbacks of asynchronous APIs (success / fail / complete) ----

  function register(options) {
    var id = nextCallback++;
    callbacks[id] = options || {};
    return id;
  }

  function plain(options) {
    var out = {};
    if (options === null || typeof options !== 'object') return out;
    var names = keysOf(options);
    for (var i = 0; i < names.length; i++) {
      if (typeof options[names[i]] !== 'function') out[names[i]] = options[names[i]];
    }
    return out;
  }

  // Work for "right after the current code" (nextTick, setData's callback, an unsupported API's
  // fail): run at the end of the current callback, after its promise jobs, by the engine, so it is
  // done before the host sees the page and never waits on a timer thread (a busy machine would
  // otherwise show the page without it). Bounded by the callback's budgets like any other code.
  var soon = [], soonAt = 0;
  function later(fn) {
    if (soonAt === soon.length) {
      soon = [];
      soonAt = 0;
      native.soon();
    }
    soon.push(fn);
  }

  function addTimer(repeat) {
    return function (fn, delay) {
      if (typeof fn !== 'function') throw new TypeError((repeat ? 'setInterval' : 'setTimeout') + ' takes a function');
      var id = nextTimer++;
      var args = [];
      for (var i = 2; i < arguments.length; i++) args.push(arguments[i]);
      timers[id] = {fn: fn, args: args, repeat: repeat};
      native.timer(id, +delay || 0, repeat);
      return id;
    };
  }

  function clearTimer(id) {
    if (hasOwn(timers, id)) {
      delete timers[id];
      native.clearTimer(+id);
    }
  }

  // ---- the ft/wx API object ----
  // Asynchronous APIs answer through success/fail/complete, or, given none of them, through a
  // promise, as WeChat's do. An API of WeChat's (wechat-apis.txt) that this runtime lacks still
  // exists and fails cleanly with "<name>:fail not supported"; a name WeChat does not have stays
  // undefined, as it is there.
  var PromiseOf = Promise, noop = function () {};
  var ft = {}, provided = {};

  function provide(name, fn) {
    ft[name] = fn;
    provided[name] = true;
  }

  function wantsPromise(options) {
    return options === null || typeof options !== 'object' ||
      (typeof options.success !== 'function' && typeof options.fail !== 'function' && typeof options.complete !== 'function');
  }

  function asyncApi(name) {
    return function (options) {
      if (wantsPromise(options)) {
        return new PromiseOf(function (resolve, reject) {
          native.call(name, json(plain(options)), register({success: resolve, fail: reject}));
        });
      }
      native.call(name, json(plain(options)), register(options));
    };
  }

  // request answers a task object in WeChat, so it never takes the promise style there.
  function callbackApi(name) {
    return function (options) {
      native.call(name, json(plain(options)), register(options));
    };
  }

  // The component instances whose elements match a selector in the rendered page, inside the
  // component {@code within} (or anywhere on the page for -1); none before the page first renders.
  function selectComponents(pageId, within, selector) {
    var ids = parse(native.sync('selectComponents', json([pageId, within, String(selector)])));
    var out = [];
    for (var i = 0; i < ids.length; i++) {
      if (components[ids[i]]) out.push(components[ids[i]].instance);
    }
    return out;
  }

  function syncApi(name) {
    return function () {
      var args = [];
      for (var i = 0; i < arguments.length; i++) args[i] = arguments[i] === undefined ? null : arguments[i];
      var answer = native.sync(name, json(args));
      return answer === undefined ? undefined : parse(answer);
    };
  }

  // WeChat answers Sync, create... and get...Manager APIs by return value and throws when they
  // fail; the others report through their callbacks (or promise); listeners of events that never
  // happen here are accepted and never called.
  function unsupported(name) {
    var errMsg = name + ':fail not supported';
    if (/Sync$/.test(name) || /^create[A-Z]/.test(name) || /^get[A-Za-z]*Manager$/.test(name)) {
      return function () { throw new Error(errMsg); };
    }
    if (/^(on|off)[A-Z]/.test(name)) return noop;
    return function (options) {
      if (wantsPromise(options)) return PromiseOf.reject({errMsg: errMsg});
      later(function () {
        try {
          call(options, 'fail', {errMsg: errMsg});
        } finally {
          call(options, 'complete', {errMsg: errMsg});
        }
      });
    };
  }

  ['showToast', 'hideToast', 'showModal', 'showLoading', 'hideLoading', 'showActionSheet',
   'setNavigationBarTitle', 'setNavigationBarColor', 'showNavigationBarLoading', 'hideNavigationBarLoading',
   'navigateTo', 'redirectTo', 'navigateBack', 'reLaunch', 'switchTab',
   'setTabBarBadge', 'removeTabBarBadge', 'showTabBarRedDot', 'hideTabBarRedDot', 'setTabBarItem',
   'showTabBar', 'hideTabBar', 'startPullDownRefresh', 'stopPullDownRefresh', 'pageScrollTo',
   'setStorage', 'getStorage', 'removeStorage', 'clearStorage', 'getStorageInfo',
   'getSystemInfo', 'getNetworkType', 'setClipboardData', 'getClipboardData', 'vibrateShort', 'vibrateLong',
   'login', 'checkSession', 'authorize', 'getSetting', 'getUserInfo', 'getUserProfile'].forEach(function (name) {
    provide(name, asyncApi(name));
  });
  provide('request', callbackApi('request'));
  ['setStorageSync', 'getStorageSync', 'removeStorageSync', 'clearStorageSync', 'getStorageInfoSync',
   'getSystemInfoSync', 'getWindowInfo', 'getAppBaseInfo', 'getDeviceInfo', 'getMenuButtonBoundingClientRect',
   'getLaunchOptionsSync', 'getEnterOptionsSync', 'getAccountInfoSync'].forEach(function (name) {
    provide(name, syncApi(name));
  });
  provide('invokeHostApi', function (name, params, options) {
    var callbacksOf = options || params || {};
    native.call('invokeHostApi', json({name: String(name), params: plain(params)}), register(callbacksOf));
  });
  // The host tells of no network changes: a listener is kept by no one and never called.
  provide('onNetworkStatusChange', function (listener) {
    if (typeof listener !== 'function') throw new TypeError('onNetworkStatusChange takes a function');
  });
  provide('offNetworkStatusChange', noop);
  provide('nextTick', function (fn) {
    if (typeof fn !== 'function') throw new TypeError('nextTick takes a function');
    later(fn);
  });
  provide('reportAnalytics', noop);
  // Updates come with a new version from the platform, not while a session runs: nothing fires.
  var updateManager = freeze({onCheckForUpdate: noop, onUpdateReady: noop, onUpdateFailed: noop, applyUpdate: noop});
  provide('getUpdateManager', function () { return updateManager; });
  // There is no layout or scrolling here, so nothing ever enters or leaves the viewport: an
  // intersection observer is accepted, chains as WeChat's does, and never reports.
  function intersectionObserver() {
    var observer = {};
    observer.relativeTo = function () { return observer; };
    observer.relativeToViewport = function () { return observer; };
    observer.observe = noop;
    observer.disconnect = noop;
    return observer;
  }
  provide('createIntersectionObserver', intersectionObserver);
  provide('createSelectorQuery', function () { return selectorQuery(stack[stack.length - 1]); });
  provide('createAnimation', function (options) { return animation(options); });
  provide('canIUse', function (name) {
    return hasOwn(provided, String(name).split('.')[0]);
  });

  // A query over the page's rendered view, answered by the runtime when exec() is called (after
  // the page has rendered, as in WeChat). Only plain data crosses: selectors and field names out,
  // JSON results back.
  function selectorQuery(pageId) {
    var requests = [], callbacksOf = [], query;
    function nodesRef(selector, all) {
      function ask(fields, callback) {
        requests.push({selector: selector, all: all, fields: fields});
        callbacksOf.push(callback);
        return query;
      }
      return freeze({
        boundingClientRect: function (callback) { return ask({id: true, dataset: true, rect: true, size: true}, callback); },
        scrollOffset: function (callback) { return ask({id: true, dataset: true, scrollOffset: true}, callback); },
        fields: function (fields, callback) { return ask(plain(fields), callback); },
        node: function (callback) { return ask({node: true}, callback); }
      });
    }
    query = freeze({
      'in': function () { return query; },
      select: function (selector) { return nodesRef(String(selector), false); },
      selectAll: function (selector) { return nodesRef(String(selector), true); },
      selectViewport: function () { return nodesRef('', false); },
      exec: function (callback) {
        function answer(results) {
          for (var i = 0; i < callbacksOf.length; i++) {
            if (typeof callbacksOf[i] === 'function') callbacksOf[i](results[i]);
          }
          if (typeof callback === 'function') callback(results);
        }
        native.call('createSelectorQuery', json({page: pageId === undefined ? -1 : pageId, requests: requests}), register({
          success: function (r) { answer(r.results); },
          fail: function () { answer(requests.map(function () { return null; })); }
        }));
      }
    });
    return query;
  }

  // WeChat's Animation: each call adds a change to the current step, step() closes it with its
  // timing, export() hands the steps over (for an element's animation attribute) and starts anew.
  // Plain data only; how the view plays it is the renderer's affair.
  function animation(options) {
    var defaults = plain(options) || {}, steps = [], current = [], self = {};
    function timing(o) {
      o = o || {};
      function pick(name, fallback) { return o[name] !== undefined ? o[name] : defaults[name] !== undefined ? defaults[name] : fallback; }
      return {transition: {duration: pick('duration', 400), timingFunction: pick('timingFunction', 'linear'), delay: pick('delay', 0)},
        transformOrigin: pick('transformOrigin', '50% 50% 0')};
    }
    ['opacity', 'backgroundColor', 'width', 'height', 'top', 'left', 'bottom', 'right',
     'rotate', 'rotateX', 'rotateY', 'rotateZ', 'rotate3d', 'scale', 'scaleX', 'scaleY', 'scaleZ', 'scale3d',
     'translate', 'translateX', 'translateY', 'translateZ', 'translate3d', 'skew', 'skewX', 'skewY',
     'matrix', 'matrix3d'].forEach(function (type) {
      self[type] = function () {
        var args = [];
        for (var i = 0; i < arguments.length; i++) args[i] = arguments[i];
        current.push({type: type, args: args});
        return self;
      };
    });
    self.step = function (o) {
      if (current.length > 0) steps.push({animates: current, option: timing(o)});
      current = [];
      return self;
    };
    self['export'] = function () {
      var out = {actions: steps};
      steps = [];
      return out;
    };
    return freeze(self);
  }

  parse(native.wechatApiNames()).forEach(function (name) {
    if (!hasOwn(ft, name)) ft[name] = unsupported(name);
  });
  freeze(ft);

  var console = freeze({
    log: function () { native.log('log', Array.prototype.slice.call(arguments).map(String).join(' ')); },
    info: function () { native.log('info', Array.prototype.slice.call(arguments).map(String).join(' ')); },
    warn: function () { native.log('warn', Array.prototype.slice.call(arguments).map(String).join(' ')); },
    error: function () { native.log('error', Array.prototype.slice.call(arguments).map(String).join(' ')); }
  });

  // WeChat's 'global': one plain object shared by the mini-program's modules (libraries look for
  // optional helpers on it). Nothing of the host's is in it.
  var globalObject = {};
  var names = {App: App, Page: Page, Component: Component, Behavior: Behavior, getApp: getApp, getCurrentPages: getCurrentPages, ft: ft, wx: ft, console: console, global: globalObject,
    setTimeout: addTimer(false), setInterval: addTimer(true), clearTimeout: clearTimer, clearInterval: clearTimer};
  keysOf(names).forEach(function (name) {
    Object.defineProperty(global, name, {value: names[name], writable: false, enumerable: false, configurable: false});
  });

  // ---- what the Java side drives ----
  return freeze({
    runScript: function (path, body) {
      if (modules[path] === undefined) runModule(path, body);
    },
    definePage: function (path) {
      defining = path;
    },
    pageDefined: function (path) {
      defining = null;
      return hasOwn(pageDefs, path);
    },
    launch: function (optionsJson) {
      var options = parse(optionsJson);
      call(app, 'onLaunch', options);
      call(app, 'onShow', options);
    },
    appHook: function (name, argumentJson) {
      call(app, name, argumentJson === undefined ? undefined : parse(argumentJson));
    },
    createPage: function (id, path, queryJson) {
      var definition = pageDefs[path], page = {};
      var names = keysOf(definition);
      for (var i = 0; i < names.length; i++) {
        if (names[i] !== 'data') page[names[i]] = definition[names[i]];
      }
      page.data = copy(definition.data || {});
      page.route = path;
      page.setData = makeSetData(id);
      page.selectComponent = function (selector) { return selectComponents(id, -1, selector)[0] || null; };
      page.selectAllComponents = function (selector) { return selectComponents(id, -1, selector); };
      page.createIntersectionObserver = intersectionObserver;
      pages[id] = page;
      stack.push(id);
      native.pageData(id, json(page.data));
      call(page, 'onLoad', parse(queryJson));
      call(page, 'onShow');
    },
    pageHook: function (id, name) {
      call(pages[id], name);
      var lifetime = name === 'onShow' ? 'show' : name === 'onHide' ? 'hide' : name === 'onResize' ? 'resize' : null;
      if (lifetime !== null) {
        componentsOf(id).forEach(function (c) { if (components[c]) runPageLifetime(components[c], lifetime); });
      }
    },
    defineComponent: function (path) {
      definingComponent = path;
    },
    componentDefined: function (path) {
      definingComponent = null;
      return hasOwn(componentDefs, path) ? json({externalClasses: componentDefs[path].externalClasses.map(String)}) : null;
    },
    createComponent: function (id, pageId, path, propertiesJson) {
      createComponent(id, pageId, path, parse(propertiesJson));
    },
    componentProperties: function (id, propertiesJson) {
      if (components[id] !== undefined) componentProperties(id, parse(propertiesJson));
    },
    componentLifetime: function (id, name) {
      if (components[id] !== undefined) runLifetime(components[id], name);
    },
    componentRelations: function (id, ancestorsJson) {
      if (components[id] !== undefined) linkRelations(id, parse(ancestorsJson));
    },
    detachComponent: function (id) {
      var record = components[id];
      if (record === undefined) return;
      try {
        unlinkRelations(id);
        runLifetime(record, 'detached');
      } finally {
        delete components[id];
      }
    },
    unloadPage: function (id) {
      var page = pages[id];
      try {
        call(page, 'onUnload');
      } finally {
        // What the page rendered goes with it; their detached lifetimes are not run for a page that is gone.
        componentsOf(id).forEach(function (c) { delete components[c]; });
        delete pages[id];
        var at = stack.indexOf(id);
        if (at >= 0) stack.splice(at, 1);
      }
    },
    event: function (id, handler, eventJson) {
      var page = pages[id] || (components[id] !== undefined ? components[id].instance : undefined);
      if (!page) return false;
      var fn = page[handler];
      if (typeof fn !== 'function') {
        native.log('warn', (page.route ? 'the page ' + page.route : 'the component ' + page.is) + ' has no handler "' + handler + '"');
        return false;
      }
      fn.call(page, parse(eventJson));
      return true;
    },
    callback: function (id, ok, resultJson) {
      var options = callbacks[id];
      delete callbacks[id];
      if (!options) return;
      var result = parse(resultJson);
      try {
        call(options, ok ? 'success' : 'fail', result);
      } finally {
        call(options, 'complete', result);
      }
    },
    dropSoon: function () {
      soon = [];
      soonAt = 0;
    },
    // One queued item per call, so an error in one is told at its own place and the rest still run.
    runOneSoon: function () {
      if (soonAt >= soon.length) {
        soon = [];
        soonAt = 0;
        return false;
      }
      var fn = soon[soonAt];
      soon[soonAt++] = undefined;
      fn();
      return true;
    },
    timer: function (id) {
      var timer = timers[id];
      if (!timer) return;
      if (!timer.repeat) delete timers[id];
      timer.fn.apply(undefined, timer.args);
    }
  });
})
