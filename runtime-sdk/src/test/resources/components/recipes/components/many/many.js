Component({ properties: { count: Number } });
