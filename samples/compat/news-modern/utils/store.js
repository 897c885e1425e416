// A tiny keyed store over wx storage, written as a class with private-ish state and getters.
export class Store {
  constructor(namespace, backend = wx) {
    this.namespace = namespace;
    this.backend = backend;
    this.cache = new Map();
  }

  key(name) {
    return `${this.namespace}:${name}`;
  }

  get(name, fallback = null) {
    if (this.cache.has(name)) return this.cache.get(name);
    const stored = this.backend.getStorageSync(this.key(name));
    const value = stored === '' || stored === undefined ? fallback : stored;
    this.cache.set(name, value);
    return value;
  }

  set(name, value) {
    this.cache.set(name, value);
    this.backend.setStorageSync(this.key(name), value);
    return this;
  }

  get size() {
    return this.cache.size;
  }
}
