Page({
  data: {
    players: [
      { name: 'Zhou Lan', points: 420 },
      { name: 'Mei Chen', points: 515 },
      { name: 'Omar Haddad', points: 380 },
      { name: 'Ana Souza', points: 515 }
    ]
  }
});
