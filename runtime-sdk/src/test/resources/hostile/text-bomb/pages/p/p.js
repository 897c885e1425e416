// Few nodes, each with a 200,000-character text: 600 of them is 120 million characters from a
// data value of 200 KB. The node budget alone let ten such pages keep 1.2 GB.
Page({
  data: { s: 'x'.repeat(2e5) }
});
