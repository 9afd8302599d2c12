'use strict';
// The drawing pad: pointer events (mouse, pen, touch) draw round strokes; while the ink changes, the page sends it as
// a 140×140 ink grid to /api/predict (one request in flight at a time) and shows what the network read.
// body[data-drawn] counts changes of the drawing, body[data-read] the change the shown reading belongs to.
const pad = document.getElementById('pad');
const ink = pad.getContext('2d', { willReadFrequently: true });
const seen = document.getElementById('seen').getContext('2d');
const digit = document.getElementById('digit');
const statusLine = document.getElementById('status');
const LINE_WIDTH = 18;   // pen width on the 280 px pad: about the stroke-to-height ratio of MNIST digits
const GRID_STEP = 2;     // the pad is sent at half resolution (2×2 pixel means)

const bars = [];
for (let c = 0; c < 10; c++) {
  const item = document.createElement('li');
  item.innerHTML = `<span class="name">${c}</span><span class="track"><span class="fill"></span></span><span class="value">–</span>`;
  document.getElementById('bars').appendChild(item);
  bars.push({ item, fill: item.querySelector('.fill'), value: item.querySelector('.value') });
}

ink.lineCap = 'round';
ink.lineJoin = 'round';
ink.lineWidth = LINE_WIDTH;
ink.strokeStyle = ink.fillStyle = '#111';

let pointer = null;      // id of the pointer that is drawing
let last = null;         // its last position on the pad
let version = 0;         // changes of the drawing so far
let clearedAt = 0;       // the version the pad was last cleared at
let shown = 0;           // the version of the reading on screen
let sent = 0;            // the version last sent
let busy = false;

function position(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * pad.width / box.width, (event.clientY - box.top) * pad.height / box.height];
}

pad.addEventListener('pointerdown', event => {
  if (pointer !== null) return;
  pointer = event.pointerId;
  pad.setPointerCapture(pointer);
  last = position(event);
  ink.beginPath();
  ink.arc(last[0], last[1], LINE_WIDTH / 2, 0, 2 * Math.PI);
  ink.fill();
  changed();
  event.preventDefault();
});

pad.addEventListener('pointermove', event => {
  if (event.pointerId !== pointer) return;
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  for (const e of events.length > 0 ? events : [event]) {
    const next = position(e);
    ink.beginPath();
    ink.moveTo(last[0], last[1]);
    ink.lineTo(next[0], next[1]);
    ink.stroke();
    last = next;
  }
  changed();
});

function lift(event) {
  if (event.pointerId !== pointer) return;
  pointer = null;
  last = null;
}
pad.addEventListener('pointerup', lift);
pad.addEventListener('pointercancel', lift);

document.getElementById('clear').addEventListener('click', () => {
  ink.clearRect(0, 0, pad.width, pad.height);
  version++;
  clearedAt = shown = version;
  document.body.dataset.drawn = document.body.dataset.read = String(version);
  digit.textContent = '–';
  seen.clearRect(0, 0, 28, 28);
  for (const bar of bars) { bar.fill.style.width = '0'; bar.value.textContent = '–'; bar.item.classList.remove('best'); }
  say('Draw with a mouse, a pen or a finger.');
});

function changed() {
  version++;
  document.body.dataset.drawn = String(version);
  send();
}

function inkGrid() {
  const pixels = ink.getImageData(0, 0, pad.width, pad.height).data;
  const width = pad.width / GRID_STEP, height = pad.height / GRID_STEP;
  const values = new Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let alpha = 0;
      for (let dy = 0; dy < GRID_STEP; dy++)
        for (let dx = 0; dx < GRID_STEP; dx++)
          alpha += pixels[4 * ((y * GRID_STEP + dy) * pad.width + x * GRID_STEP + dx) + 3];
      values[y * width + x] = Math.round(1000 * alpha / (255 * GRID_STEP * GRID_STEP)) / 1000;
    }
  }
  return { width, height, ink: values };
}

async function send() {
  if (busy || sent === version || version === clearedAt) return;
  busy = true;
  const asked = sent = version;
  try {
    const response = await fetch('/api/predict', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(inkGrid()),
    });
    const body = await response.json();
    if (asked > clearedAt && asked > shown) {
      if (response.ok) show(body); else say(body.error, true);
      shown = asked;
      document.body.dataset.read = String(asked);
    }
  } catch (error) {
    say(`The app did not answer: ${error}`, true);
  } finally {
    busy = false;
    send();
  }
}

function show(reading) {
  digit.textContent = String(reading.digit);
  reading.probabilities.forEach((p, c) => {
    bars[c].fill.style.width = `${(100 * p).toFixed(1)}%`;
    bars[c].value.textContent = `${(100 * p).toFixed(1)} %`;
    bars[c].item.classList.toggle('best', c === reading.digit);
  });
  const image = seen.createImageData(28, 28);
  reading.image.forEach((v, i) => {
    const grey = Math.round(255 * (1 - v));
    image.data.set([grey, grey, grey, 255], 4 * i);
  });
  seen.putImageData(image, 0, 0);
  say(`Read as ${reading.digit}.`);
}

function say(text, error = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', error);
}

fetch('/api/info').then(r => r.json()).then(info => {
  document.getElementById('info').textContent =
    `${info.model}, ${info.parameters.toLocaleString('en')} parameters, ${info.source}; ` +
    `${(100 * info.testAccuracy).toFixed(2)} % on ${info.testDigits.toLocaleString('en')} MNIST test digits.`;
}).catch(() => {});
