// Code intelligence: flag references, staleness and cleanup. No `vscode` import anywhere below this folder.
export {};
