// Placeholder until the window issue: the typed bridge is derived from the contract there.
export {};
