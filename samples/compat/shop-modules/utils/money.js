var CURRENCY = '$';

function format(cents) {
  var whole = Math.floor(cents / 100);
  var rest = cents % 100;
  return CURRENCY + whole + '.' + (rest < 10 ? '0' : '') + rest;
}

module.exports = { format: format, CURRENCY: CURRENCY };
