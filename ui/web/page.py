"""What the page itself carries: the script that opens a clicked [n], the scroll to the cited
span, and the stylesheet."""

# Clicking any `[n]` (in the chat or the sources panel) asks the server for that source:
# the link names `cite-<answer>-<n>`, copied into a hidden box whose button opens it.
PAGE_JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const box = document.querySelector('#nq-cite-request textarea, #nq-cite-request input');
    box.value = link.getAttribute('href').slice(1);
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => document.querySelector('#nq-cite-open').click(), 50);
  }, true);
}
"""
# Centre the cited span inside the article panel, and bring the panel itself into view.
SCROLL_JS = """
() => {
  const panel = document.querySelector('#nq-article');
  const mark = document.querySelector('#nq-article #nq-cited');
  if (!panel || !mark) return;
  panel.scrollIntoView({block: 'nearest'});
  let box = mark.parentElement;
  while (box && box !== document.body && box.scrollHeight <= box.clientHeight) {
    box = box.parentElement;
  }
  if (box && box !== document.body) {
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 3;
  }
}
"""
CSS = """
.nq-heading h3 { margin: 4px 0 0 0; }
.nq-empty { color: var(--body-text-color-subdued); }
#nq-sources mark, #nq-article mark { background: #ffe066; color: #111; padding: 0 2px; }
.nq-source { border-bottom: 1px solid var(--border-color-primary); padding: 6px 0; }
.nq-source h4 { margin: 0 0 2px 0; font-size: 1rem; }
.nq-meta { margin: 0; font-size: .85rem; color: var(--body-text-color-subdued); }
.nq-id { font-family: var(--font-mono); font-size: .8rem; }
.nq-context { margin: 6px 0 0 0; font-size: .92rem; }
.nq-article .nq-body { white-space: pre-wrap; line-height: 1.5; }
#nq-sources .nq-scroll { max-height: 380px; overflow-y: auto; }
.nq-also { margin: 4px 0 0 0; font-size: .85rem; color: var(--body-text-color-subdued); }
#nq-timeline .nq-scroll { max-height: 220px; overflow-y: auto; padding-bottom: 2px; }
.nq-timeline { margin: 0; padding-left: 1.2em; font-size: .9rem; }
.nq-timeline li { margin: 0 0 4px 0; }
.nq-timeline li:last-child { margin-bottom: 0; }
.nq-timeline time { font-family: var(--font-mono); font-weight: 600; }
.nq-undated { margin: 6px 0 2px 0; font-size: .85rem; }
#nq-article .nq-scroll { max-height: 440px; overflow-y: auto; }
/* Saved conversations: one per line; on a narrow screen after the chat, not above it. */
#nq-conversations label { width: 100%; }
@media (max-width: 900px) { #nq-history { order: 3; } }
"""
