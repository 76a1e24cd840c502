// Anything that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): a table inside
// Material's wrapper (which also gets a label), a timeline or chart that keeps a legible size
// on a narrow screen, and a code block. No width is read at load: that would lay out the page
// in the middle of Material's start-up, and an off-screen figure (kitchen.css) reports only its
// placeholder's width. So every candidate is focusable at once, a keyboard user can reach it
// before it is drawn, and its width is checked when it first comes into view: one that does
// not scroll then leaves the tab order.
const SCROLLERS = ".md-typeset__scrollwrap, .kitchen-figure, pre > code";
const sized = new IntersectionObserver((entries) => {
  const seen = entries.filter((e) => e.isIntersecting).map((e) => e.target);
  seen.forEach((el) => sized.unobserve(el));
  // A figure is itself a skipped block, drawn a little before it comes into view;
  // measuring in the next frame makes sure its drawing has been laid out.
  requestAnimationFrame(() => {
    const scrolls = seen.map((el) => el.scrollWidth > el.clientWidth);  // all reads, then writes
    seen.forEach((el, i) => {
      if (scrolls[i]) {
        if (el.matches(".md-typeset__scrollwrap")) {
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", "Table (scrolls sideways)");
        }
      } else if (el !== document.activeElement) {
        el.removeAttribute("tabindex");
      }
    });
  });
});
function focusScrollers(root) {
  for (const el of root.querySelectorAll(SCROLLERS)) {
    if (el.hasAttribute("tabindex")) continue;
    el.tabIndex = 0;
    sized.observe(el);
  }
}
document$.subscribe(() => {
  sized.disconnect();
  focusScrollers(document);
});

// A "Full script" tab keeps the whole file in a <template> (kitchen/fence.py: deferred) until
// its tab is chosen: the page then has half the elements to style and lay out at load. Linked
// tabs (content.tabs.link) switch every set on the page at once, so look at all of them.
function showChosenScripts() {
  for (const set of document.querySelectorAll(".tabbed-set")) {
    const inputs = set.querySelectorAll(":scope > input");
    const blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
    inputs.forEach((input, i) => {
      const template = input.checked && blocks[i] && blocks[i].querySelector("template.kitchen-deferred");
      if (template) {
        const note = blocks[i].querySelector(".kitchen-deferred-note");
        if (note) note.remove();
        template.replaceWith(template.content);
        focusScrollers(blocks[i]);
      }
    });
  }
}
document$.subscribe(showChosenScripts);
document.addEventListener("change", () => setTimeout(showChosenScripts));
document.addEventListener("click", () => setTimeout(showChosenScripts));

// Colours change at once when a reader switches the palette, without their transitions'
// fade. Material's own rule for this keys on an attribute it also sets and removes at every
// page load, and each change restyles the whole page; kitchen/palette.py takes that rule
// out, and this class (kitchen.css) is set only around a reader's switch. A capture listener
// runs before Material's, which reads the new colours at once.
document.addEventListener("change", (event) => {
  if (!event.target.closest("[data-md-component=palette]")) return;
  const root = document.documentElement;
  root.classList.add("kitchen-palette-switching");
  requestAnimationFrame(() => requestAnimationFrame(() => root.classList.remove("kitchen-palette-switching")));
}, true);
