// A page whose logic is harmless: the attack is in its template. If any handler the template
// smuggles in ever runs, it taps "bump" through the host's own endpoint, and the count shows it.
Page({
  data: { bumped: 0 },
  bump() { this.setData({ bumped: this.data.bumped + 1 }); }
});
