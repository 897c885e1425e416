Page({ data: { blocks: 150 } });
