module.exports = function stars(n) {
  var out = '';
  for (var i = 0; i < n; i++) out += '*';
  return out;
};
