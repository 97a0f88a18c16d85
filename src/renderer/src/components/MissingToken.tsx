// What a browser tab shows when it was opened without the session token the web host printed.
export function MissingToken() {
  return (
    <main className="missing-token">
      <h1>BIO Socket Workbench</h1>
      <p role="alert">
        This tab has no session token, so it cannot reach the workbench. Open the exact URL that <code>npm run web</code> printed: it ends in{' '}
        <code>#token=…</code>. The token stays in this tab; it is never sent in a cookie.
      </p>
    </main>
  );
}
