exports.titleCase = function (words) {
  return words.split(' ').map(function (w) {
    return w.charAt(0).toUpperCase() + w.slice(1);
  }).join(' ');
};

exports.plural = function (n, one, many) {
  return n + ' ' + (n === 1 ? one : many);
};
