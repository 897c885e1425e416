Component({ properties: { depth: Number } });
