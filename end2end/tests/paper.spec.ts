import { test, expect, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chartDrawn, hydrated, signIn } from './helpers';

// Reports on paper (#18): the report pages print to A4 — PDF is Chromium's own print of the page —
// with every chart drawn and sized to the sheet and the 数据截至 stamp at the head of each sheet; each
// report's chart saves as a PNG under its title, period and stamp.

/** A4 in PDF points, and the sheet's margins (style/main.css: 16 mm 12 mm 14 mm). */
const SHEET = { width: 595.3, height: 841.9, left: 12 * 2.835, right: 12 * 2.835 };

type Sheet = { text: string; images: { x: number; y: number; w: number; h: number }[]; red: () => Promise<number> };
type Printed = { pages: Sheet[] };

/** Prints the page to an A4 PDF as Chromium does, and reads back each sheet's text and pictures. */
async function print(page: Page): Promise<Printed> {
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  const file = join(mkdtempSync(join(tmpdir(), 'print-')), 'page.pdf');
  writeFileSync(file, pdf);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: Printed['pages'] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const sheet = await doc.getPage(n);
    const content = await sheet.getTextContent();
    // The PDF's CJK fonts map some characters to their radical forms (至 as ⾄): NFKC puts them back.
    const text = content.items.map((i: any) => i.str ?? '').join('').normalize('NFKC');
    // Where each picture lands: follow the transformation matrix to each painted image.
    const ops = await sheet.getOperatorList();
    const images: Printed['pages'][number]['images'] = [];
    let m = [1, 0, 0, 1, 0, 0];
    const stack: number[][] = [];
    ops.fnArray.forEach((fn: number, i: number) => {
      const a = ops.argsArray[i];
      if (fn === pdfjs.OPS.save) stack.push(m);
      else if (fn === pdfjs.OPS.restore) m = stack.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (fn === pdfjs.OPS.transform) {
        const [a0, b0, c0, d0, e0, f0] = a;
        m = [m[0] * a0 + m[2] * b0, m[1] * a0 + m[3] * b0, m[0] * c0 + m[2] * d0, m[1] * c0 + m[3] * d0, m[0] * e0 + m[2] * f0 + m[4], m[1] * e0 + m[3] * f0 + m[5]];
      } else if (fn === pdfjs.OPS.paintImageXObject) {
        images.push({ x: m[4], y: m[5], w: m[0], h: m[3] });
      }
    });
    // The sheet as it looks on paper (Poppler's pdftoppm, another reader than the one that printed
    // it): how many of its dots are the charts' red (#c8161d).
    const red = async () => {
      const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', String(n), '-l', String(n), file], { maxBuffer: 64 << 20 });
      // P6 <width> <height> 255\n, then the dots' RGB bytes.
      const header = ppm.toString('latin1', 0, 32).match(/^P6\s+(\d+)\s+(\d+)\s+255\s/)!;
      let count = 0;
      for (let i = header[0].length; i + 2 < ppm.length; i += 3) {
        if (Math.abs(ppm[i] - 200) < 24 && ppm[i + 1] < 60 && ppm[i + 2] < 60) count++;
      }
      return count;
    };
    pages.push({ text, images, red });
  }
  return { pages };
}

/** The page's 数据截至 stamp, as it shows it. */
async function stampOf(page: Page): Promise<string> {
  const text = (await page.getByTestId('as-of').first().textContent())!;
  return text.match(/数据截至\s*(\S+(?: \d\d:\d\d(?::\d\d)?)?)/)![1];
}

test('the dashboard printed to A4 has every chart drawn within the sheet and the stamp on each sheet', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const stamp = await stampOf(page);
  // Printed as soon as the first chart shows, before the reader scrolled to the charts further down
  // (not drawn yet: a chart is drawn when it nears the screen): printing draws them.
  const charts = ['chart-monthly', 'chart-cumulative', 'chart-modes', 'chart-townships'];
  await expect(page.locator('#chart-monthly canvas')).toBeVisible();
  expect(await page.locator('#chart-townships canvas').count(), 'the last chart waits for the reader').toBe(0);
  const printed = await print(page);
  // On paper: the sheets with the founding modes' pie and the townships' bars show them.
  for (const heading of ['建校模式', '各街乡场培训人次']) {
    const sheet = printed.pages.find((p) => p.text.includes(heading));
    expect(sheet, `${heading} is printed`).toBeTruthy();
    expect(await sheet!.red(), `${heading}: its chart is on the sheet`).toBeGreaterThan(1500);
  }
  for (const id of charts) {
    const inked = await page.evaluate((id) => {
      const canvas = document.getElementById(id)?.querySelector('canvas');
      if (!canvas) return false;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 200) return true;
      return false;
    }, id);
    expect(inked, `${id} was drawn for the print`).toBe(true);
  }
  expect(printed.pages.length, 'the dashboard takes more than one sheet').toBeGreaterThan(1);
  printed.pages.forEach((p, n) => {
    expect(p.text, `sheet ${n + 1} carries the stamp`).toContain(`数据截至 ${stamp}`);
    expect(p.text, `sheet ${n + 1} is numbered`).toContain(`${n + 1} / ${printed.pages.length}`);
  });
  // The charts printed as pictures lie within the sheet's margins (Chromium prints a chart drawn
  // while printing as lines and text, the others as pictures).
  for (const img of printed.pages.flatMap((p) => p.images)) {
    expect(img.x, 'a chart starts within the sheet’s margin').toBeGreaterThanOrEqual(SHEET.left - 1);
    expect(img.x + img.w, 'a chart ends within the sheet’s margin').toBeLessThanOrEqual(SHEET.width - SHEET.right + 1);
    expect(img.w, 'a chart is drawn at a readable size').toBeGreaterThan(200);
  }
  // Laid out for paper (A4's printable width, 186 mm at 96 dpi), every chart fits its box and the sheet.
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  for (const id of charts) {
    const [box, drawn] = await Promise.all([page.getByTestId(id).boundingBox(), page.getByTestId(id).locator('canvas').boundingBox()]);
    expect(drawn!.x, `${id} starts within its box`).toBeGreaterThanOrEqual(box!.x - 1);
    expect(drawn!.x + drawn!.width, `${id} ends within its box`).toBeLessThanOrEqual(box!.x + box!.width + 1);
    expect(drawn!.x + drawn!.width, `${id} ends within the sheet`).toBeLessThanOrEqual(703);
    expect(drawn!.width, `${id} fills the sheet's width`).toBeGreaterThan(600);
    expect(drawn!.y + drawn!.height, `${id} is not cut at its foot`).toBeLessThanOrEqual(box!.y + box!.height + 1);
  }
  await page.emulateMedia({ media: null });
  // Nothing of the screen's controls on paper.
  const all = printed.pages.map((p) => p.text).join('');
  for (const control of ['导出图片', '大屏模式', '登录']) expect(all).not.toContain(control);
});

/** Reads a PNG's size from its header (and checks it is a PNG). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex'), 'a PNG file').toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Clicks the chart's 导出图片 and returns the saved file's name and bytes. */
async function savePng(page: Page, chart: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`png-${chart}`).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

test('a dashboard chart saves as a PNG with its title, period and stamp above the chart as drawn', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const stamp = await stampOf(page);
  await chartDrawn(page, 'chart-monthly');
  const box = await page.evaluate(() => {
    const chart = (window as any).echarts.getInstanceByDom(document.getElementById('chart-monthly'));
    return { width: chart.getWidth(), height: chart.getHeight() };
  });
  const { name, bytes } = await savePng(page, 'chart-monthly');
  expect(name).toBe(`每月办班期数与培训人次-${stamp.slice(0, 10)}.png`);
  // The chart at twice its size, under a head of its title and two lines (period, stamp).
  const size = pngSize(bytes);
  expect(size.width).toBe((box.width + 32) * 2);
  expect(size.height).toBe((box.height + 16 + 90) * 2);
  // Open it as a reader would, and look: ink in the title's and each line's band, white between the
  // head and the margin, the chart's red below.
  const looks = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const ink = (top: number, bottom: number) => {
      const { data } = ctx.getImageData(0, top * 2, canvas.width, (bottom - top) * 2);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 160 && data[i + 1] < 160) dark++;
      return dark;
    };
    const red = (() => {
      const { data } = ctx.getImageData(0, 90 * 2, canvas.width, canvas.height - 90 * 2);
      for (let i = 0; i < data.length; i += 4) if (data[i] > 150 && data[i + 1] < 60 && data[i + 2] < 60) return true;
      return false;
    })();
    return { title: ink(16, 38), period: ink(42, 58), stamp: ink(62, 78), margin: ink(0, 14), red };
  }, `data:image/png;base64,${bytes.toString('base64')}`);
  expect(looks.title, 'the title is written').toBeGreaterThan(100);
  expect(looks.period, 'the period is written').toBeGreaterThan(50);
  expect(looks.stamp, 'the stamp is written').toBeGreaterThan(50);
  expect(looks.margin, 'the margin is blank').toBe(0);
  expect(looks.red, "the chart's bars are there").toBe(true);
});

test('the map, a school, the evaluation and the compliance view each save a PNG and print with their stamp', async ({ page }) => {
  await signIn(page, 'orgadmin');
  const reports: { path: string; chart: string; ready: (p: Page) => Promise<void> }[] = [
    { path: '/map', chart: 'map', ready: (p) => expect(p.getByTestId('map')).toHaveAttribute('data-ready', 'true') },
    { path: '/schools/1', chart: 'chart-school-monthly', ready: (p) => chartDrawn(p, 'chart-school-monthly') },
    { path: '/evaluation?year=2016', chart: 'chart-bands', ready: (p) => chartDrawn(p, 'chart-bands') },
    { path: '/hours?year=2017', chart: 'chart-compliance', ready: (p) => chartDrawn(p, 'chart-compliance') },
  ];
  for (const r of reports) {
    await page.goto(r.path);
    await hydrated(page);
    await r.ready(page);
    const { name, bytes } = await savePng(page, r.chart);
    expect(name, `${r.path}: the file is named by its title and day`).toMatch(/-\d{4}-\d\d-\d\d\.png$/);
    const size = pngSize(bytes);
    expect(size.height, `${r.path}: a picture with its head`).toBeGreaterThan(200 * 2);
    const printed = await print(page);
    const head = (await page.getByTestId('print-stamp').textContent())!.match(/数据截至 ([^"\\]+)/)![1];
    for (const sheet of printed.pages) expect(sheet.text, `${r.path}: each sheet is stamped`).toContain(`数据截至 ${head}`);
  }
});

test('a scorecard prints its table of scores, without the form’s controls', async ({ page }) => {
  await signIn(page, 'orgadmin');
  await page.goto('/evaluation/1?year=2016');
  await hydrated(page);
  const printed = await print(page);
  const all = printed.pages.map((p) => p.text).join('');
  // The table's header (the questionnaire's panel beside it names the criteria too, not the weights).
  for (const cell of ['实地查看（30%）', '综合评定（30%）']) expect(all, `${cell} is on paper`).toContain(cell.normalize('NFKC'));
  expect(all).not.toContain('保存评分');
  expect(all).not.toContain('上传资料');
});
