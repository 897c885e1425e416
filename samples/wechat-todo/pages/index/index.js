const app = getApp()

Page({
  data: {
    todos: [],
    draft: '',
    remaining: 0
  },
  onLoad: function (options) {
    this.setData({ todos: wx.getStorageSync('todos') || [] })
    this.count()
  },
  onDraft: function (e) {
    this.setData({ draft: e.detail.value })
  },
  onAdd: function () {
    var title = this.data.draft.trim()
    if (!title) {
      wx.showToast({ title: 'Type something first', icon: 'none' })
      return
    }
    var todos = this.data.todos.concat([{ id: Date.now() + '-' + this.data.todos.length, title: title, done: false }])
    this.setData({ todos: todos, draft: '' })
    this.save()
  },
  onToggle: function (e) {
    var index = e.currentTarget.dataset.index
    this.setData({ ['todos[' + index + '].done']: !this.data.todos[index].done })
    this.save()
  },
  save: function () {
    wx.setStorageSync('todos', this.data.todos)
    this.count()
  },
  count: function () {
    this.setData({ remaining: this.data.todos.filter(function (t) { return !t.done }).length })
  },
  onLogs: function () {
    wx.navigateTo({ url: '../logs/logs' })
  }
})
