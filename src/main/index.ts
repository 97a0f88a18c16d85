// Electron main process: placeholder until the window issue.
export {};
