Page({ data: { greeting: 'Hello' }, onLoad: function () { this.setData({ greeting: 'Hello, crawler' }); } });
