Page({
  data: {
    facts: ['Sealed with AES-256-GCM', 'Signed with Ed25519', 'Runs in a sandbox']
  }
});
