// The preview page: follows the server's events and shows the newest valid rendering, or the errors.
"use strict";

const labels = JSON.parse(document.getElementById("labels").textContent);
const htmlFrame = document.getElementById("document");
const pdfFrame = document.getElementById("pdf");
const viewer = document.getElementById("viewer");
const errors = document.getElementById("errors");
const errorsTitle = document.getElementById("errors-title");
const errorList = document.getElementById("error-list");
const lastGood = document.getElementById("last-good");
const statusLine = document.getElementById("status");
const buttons = { html: document.getElementById("view-html"), pdf: document.getElementById("view-pdf") };

let view = "html";
let status = null;
let showingLastGood = false;
let htmlRevision = 0;
let pdfRevision = 0;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function loadHtml(revision) {
  let scroll = 0;
  try { scroll = htmlFrame.contentWindow.scrollY; } catch (error) { scroll = 0; }
  htmlFrame.addEventListener("load", () => {
    try { htmlFrame.contentWindow.scrollTo(0, scroll); } catch (error) { /* a blank frame */ }
    document.body.dataset.htmlRevision = String(revision);
  }, { once: true });
  htmlRevision = revision;
  htmlFrame.src = "/document.html?revision=" + revision;
}

function loadPdf(revision) {
  pdfRevision = revision;
  pdfFrame.src = "/document.pdf?revision=" + revision;
  document.body.dataset.pdfRevision = String(revision);
}

function describe() {
  if (!status) return "";
  if (!status.ok) return fill(labels.problems, { count: status.errors.length, time: status.checkedAt });
  if (view === "pdf" && status.pdfError) return fill(labels.pdfFailed, { error: status.pdfError });
  if (view === "pdf" && status.pdfRevision < status.goodRevision) return labels.pdfRendering;
  if (view === "pdf") return fill(labels.pdfRendered, { time: status.pdfAt, ms: status.pdfMilliseconds });
  return fill(labels.rendered, { time: status.checkedAt, ms: status.milliseconds });
}

function show() {
  if (!status) return;
  const hasGood = status.goodRevision > 0;
  if (status.ok) showingLastGood = false;
  errors.hidden = status.ok;
  if (!status.ok) {
    errorsTitle.textContent = fill(labels.problemsTitle, { count: status.errors.length });
    errorList.replaceChildren(...status.errors.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
    lastGood.hidden = !hasGood;
    lastGood.textContent = showingLastGood ? labels.hideLastGood : fill(labels.showLastGood, { time: status.goodAt });
  }
  viewer.hidden = !hasGood || !(status.ok || showingLastGood);
  htmlFrame.hidden = view !== "html";
  pdfFrame.hidden = view !== "pdf";
  if (hasGood && view === "html" && htmlRevision !== status.goodRevision) loadHtml(status.goodRevision);
  if (hasGood && view === "pdf") {
    if (pdfRevision === 0) loadPdf(status.goodRevision);
    else if (status.pdfRevision > pdfRevision) loadPdf(status.pdfRevision);
  }
  statusLine.textContent = describe();
  document.body.dataset.revision = String(status.revision);
  document.body.dataset.ok = String(status.ok);
}

function choose(name) {
  view = name;
  for (const [key, button] of Object.entries(buttons)) button.setAttribute("aria-pressed", String(key === name));
  show();
}

buttons.html.addEventListener("click", () => choose("html"));
buttons.pdf.addEventListener("click", () => choose("pdf"));
lastGood.addEventListener("click", () => {
  showingLastGood = !showingLastGood;
  show();
});

const events = new EventSource("/events");
events.addEventListener("status", (event) => {
  status = JSON.parse(event.data);
  show();
});
events.addEventListener("error", () => {
  statusLine.textContent = labels.disconnected;
});
