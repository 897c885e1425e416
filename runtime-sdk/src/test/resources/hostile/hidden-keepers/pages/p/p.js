// Places that hold memory without showing it as a property, or that an estimate can get wrong: a
// pending promise's reaction, a suspended generator's local, a bound function's arguments, a
// Symbol-keyed property, a BigInt, a string outside Latin-1 (two bytes a character), page data of
// many empty objects (tiny as JSON, not as the host's maps). Each tap keeps 20 MB or more in the
// place its button names.
var kept = [];
var n = 0;
function big() { return 'z'.repeat(2e7) + (n++); }
var never = new Promise(function () {});
var hidden = {};
Page({
  data: {},
  promise() { var s = big(); kept.push(never.then(function () { return s; })); },
  generator() { var g = (function* () { var s = big(); yield 1; yield s.length; })(); g.next(); kept.push(g); },
  bound() { kept.push(function (s) { return s; }.bind(null, big())); },
  symbol() { hidden[Symbol('k' + n)] = big(); },
  bigint() { kept.push((1n << 160000000n) + BigInt(n++)); },
  utf16() { kept.push('\u4e00'.repeat(1e7) + (n++)); },
  pageData() { var o = {}; o['a' + (n++)] = new Array(300000).fill({}); this.setData(o); this.data = {}; },
  refusal() { try { eval['k' + (n++)] = big(); } catch (e) { } this.setData({ kept: typeof eval['k' + (n - 1)] }); }
});
