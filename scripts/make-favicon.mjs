// Regenerates web/public/favicon.ico from web/public/favicon.svg (run by hand after editing the SVG): renders web/public/favicon.svg at 16, 32 and 48 px in Chromium and packs them into an ICO (PNG entries).
import fs from 'node:fs';
import { chromium } from 'playwright-core';
const svg = fs.readFileSync('web/public/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const pngs = [];
for (const size of [16, 32, 48]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  pngs.push([size, await page.screenshot({ omitBackground: true })]);
}
await browser.close();
const header = Buffer.alloc(6); header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(pngs.length, 4);
let offset = 6 + 16 * pngs.length; const entries = [];
for (const [size, png] of pngs) {
  const e = Buffer.alloc(16); e.writeUInt8(size, 0); e.writeUInt8(size, 1); e.writeUInt16LE(1, 4); e.writeUInt16LE(32, 6); e.writeUInt32LE(png.length, 8); e.writeUInt32LE(offset, 12);
  entries.push(e); offset += png.length;
}
fs.writeFileSync('web/public/favicon.ico', Buffer.concat([header, ...entries, ...pngs.map((p) => p[1])]));
