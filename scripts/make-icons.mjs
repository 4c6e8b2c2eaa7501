/**
 * Draws the app icons (public/icons, app/icon.png, app/apple-icon.png) from one SVG with headless Chromium, so they can be redrawn
 * without an image editor: `node scripts/make-icons.mjs`. The PNGs are committed; the build does
 * not run this.
 *
 * "any" icons are a rounded tile on transparency; the maskable icon is full-bleed with the mark
 * inside the central 80 % circle that every launcher mask keeps.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ACCENT = '#1f4e79';

/** The mark on a 100×100 grid: an invoice sheet with a folded corner, ruled lines and a "T". */
function mark(size, scale) {
  return `
    <g transform="translate(${size / 2} ${size / 2}) scale(${scale}) translate(-50 -50)">
      <path d="M28 14 H62 L76 28 V86 H28 Z" fill="#ffffff"/>
      <path d="M62 14 V28 H76 Z" fill="#c9d8e8"/>
      <path d="M37 30 H57 M47 30 V52" stroke="${ACCENT}" stroke-width="7" stroke-linecap="round"/>
      <path d="M37 64 H67 M37 74 H60" stroke="#8aa6c4" stroke-width="4" stroke-linecap="round"/>
    </g>`;
}

function svg(size, maskable) {
  const scale = size / 100;
  const tile = maskable
    ? `<rect width="${size}" height="${size}" fill="${ACCENT}"/>`
    : `<rect width="${size}" height="${size}" rx="${size * 0.2}" fill="${ACCENT}"/>`;
  // Maskable: the mark shrinks to 70 % so it sits inside the 80 % safe circle.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${tile}${mark(size, scale * (maskable ? 0.7 : 0.9))}</svg>`;
}

const ICONS = [
  { file: 'public/icons/icon-192.png', size: 192, maskable: false },
  { file: 'public/icons/icon-512.png', size: 512, maskable: false },
  { file: 'public/icons/icon-maskable-512.png', size: 512, maskable: true },
  // Next links these from every page (the tab icon, so no /favicon.ico request; the iOS home screen,
  // which draws its own rounded mask over a full-bleed square).
  { file: 'app/icon.png', size: 32, maskable: false },
  { file: 'app/apple-icon.png', size: 180, maskable: true },
];

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  await mkdir(path.join(root, 'public', 'icons'), { recursive: true });
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg(icon.size, icon.maskable)}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, icon.file), omitBackground: true });
    await page.close();
    console.log(`wrote ${icon.file}`);
  }
} finally {
  await browser.close();
}
