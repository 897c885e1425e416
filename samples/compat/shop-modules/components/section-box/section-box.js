Component({
  externalClasses: ['box-class'],
  options: { multipleSlots: true },
  properties: { title: String }
});
