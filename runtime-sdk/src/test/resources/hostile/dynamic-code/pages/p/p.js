// Ways to compile code at run time that Rhino offers beyond eval and Function. Each answer is
// what the expression gave, or the error it threw.
function attempt(f) { try { return String(f()); } catch (e) { return 'refused: ' + e.name; } }
Page({
  data: { results: [] },
  onLoad() {
    this.setData({ results: [
      attempt(function () { return new Script('6*7')(); }),
      attempt(function () { return __GeneratorFunction('yield 6*7')().next().value; }),
      attempt(function () { return typeof Continuation + typeof With + typeof Call + typeof Iterator + typeof uneval; })
    ] });
  }
});
