(function () {
  if (window.__lienFollow) return;
  window.__lienFollow = true;
  let lastClick = 0, clickedOn = null, busy = false;
  const running = () => {
    const app = document.querySelector('[data-testid=stApp]');
    return app && app.dataset.testScriptState === 'running';
  };
  async function follow() {
    const marker = document.querySelector('[data-lien-follow]');
    if (!marker || busy) return;
    busy = true;
    try {
      const url = new URL('./talk-run/' + encodeURIComponent(marker.dataset.lienRun),
                          document.baseURI);
      const answer = await fetch(url, {cache: 'no-store'});
      if (!answer.ok) return;
      const state = await answer.json();
      const shown = document.querySelector('[data-lien-follow]');
      if (!shown) return;
      // A poll slide of the presenter also draws what it shows of the live room.
      const room = document.querySelector('[data-lien-room]');
      const mine = shown.dataset.lienFollow + '|' + (room ? room.dataset.lienRoom : '');
      const theirs = state.shown + '|' + (room ? (state.room || 'none') : '');
      if (mine === theirs || running()) return;
      // A redraw asked for and not drawn yet is on its way (asked again after 1.5 s).
      if (mine === clickedOn && Date.now() - lastClick < 1500) return;
      const button = document.querySelector(
        '.st-key-' + shown.dataset.lienButton + ' button');
      if (button) {
        lastClick = Date.now();
        clickedOn = mine;
        button.click();
      }
    } catch (error) {
      // The server is out of reach for a moment: the next poll asks again.
    } finally {
      busy = false;
    }
  }
  function clocks() {
    for (const node of document.querySelectorAll('[data-lien-seconds]')) {
      if (!node.lienSeen) node.lienSeen = Date.now();
      const seconds = Number(node.dataset.lienSeconds) + (Date.now() - node.lienSeen) / 1000;
      if (node.dataset.lienFormat === 'clock') {
        const s = Math.floor(seconds);
        node.textContent = String(Math.floor(s / 60)).padStart(2, '0') + ':'
          + String(s % 60).padStart(2, '0');
      } else {
        node.textContent = (seconds / 60).toFixed(1).replace('.', node.dataset.lienDecimal);
      }
    }
  }
  setInterval(follow, __LIEN_FOLLOW_EVERY_MS__);
  setInterval(clocks, 1000);
})();
