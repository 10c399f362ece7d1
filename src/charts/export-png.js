// A chart as a PNG for reports and slides, shared by our two builds of ECharts (echarts.js and
// echarts-map.js import it; charts::bindings::export_png calls it): the chart as drawn (ECharts'
// own picture of it, at twice its size), under its title and the lines given (the period and the
// 数据截至 stamp), on white, saved as `filename`. Returns false when nothing is drawn in `dom` yet.
import { getInstanceByDom } from 'echarts/core';

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif';

export function exportPng(dom, title, lines, filename) {
  const chart = getInstanceByDom(dom);
  if (!chart) return false;
  // A page in English has its texts in English (/i18n.js); its picture too.
  const english = globalThis.dangxiaoEnglish;
  if (english) {
    title = english(title);
    lines = lines.map(english);
  }
  const ratio = 2;
  const width = chart.getWidth();
  const height = chart.getHeight();
  const pad = 16;
  const head = pad + 26 + lines.length * 20 + 8;
  const picture = new Image();
  picture.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = (width + 2 * pad) * ratio;
    canvas.height = (head + height + pad) * ratio;
    const ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width + 2 * pad, head + height + pad);
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#222';
    ctx.font = `bold 18px ${FONT}`;
    ctx.fillText(title, pad, pad);
    ctx.fillStyle = '#555';
    ctx.font = `13px ${FONT}`;
    lines.forEach((line, i) => ctx.fillText(line, pad, pad + 26 + i * 20));
    ctx.drawImage(picture, pad, head, width, height);
    canvas.toBlob((blob) => {
      if (!blob) return;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    }, 'image/png');
  };
  // A canvas chart gives a PNG, the SVG map an SVG: either is drawn onto the canvas above.
  picture.src = chart.getDataURL({ type: 'png', pixelRatio: ratio, backgroundColor: '#fff' });
  return true;
}
