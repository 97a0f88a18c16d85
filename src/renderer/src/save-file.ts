// A file for the person, from text the page made: a download of a blob the page owns, so nothing
// travels to a server and nothing inline is needed (the page's Content-Security-Policy allows none).
export function saveFile(name: string, text: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy by then; the blob need not outlive it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
