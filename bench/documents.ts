/**
 * bench/documents — prints (never asserts) how many publicity application forms the rendering
 * pool (documents/pool.ts) turns out per second with 1, 2 and 4 threads (Chinese text, embedded
 * CJK subset, QR code), per-PDF times, their size, and memory per thread; and the same in the
 * calling thread (threads 0: what every render cost the event loop before the pool).
 *
 *   node -r ts-node/register/transpile-only bench/documents.ts [--docs 200] [--warmup 5] [--pools 0,1,2,4]
 *
 * Rendering only: no database, no engine. The layout is the publicity application form's shape
 * with a different person on every document, so each embeds its own glyph subset. Each pool gets
 * twice as many documents in flight as it has threads (the job workers keep it that busy).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { newVerificationCode } from '../documents/code';
import { closeRenderPool, renderDocument, renderPoolStats } from '../documents/pool';
import type { DocLayout } from '../documents/render';
import { arg } from './args';


const DOCS = arg('docs', 200);
const POOLS = (() => {
  const i = process.argv.indexOf('--pools');
  const list = (i < 0 ? '0,1,2,4' : process.argv[i + 1]).split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('--pools needs whole numbers, e.g. 0,1,2,4');
  return list;
})();
const WARMUP = arg('warmup', 5, 0);

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆鑫毅晨阳';

function layout(i: number): DocLayout {
  const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 13) % GIVEN.length];
  return {
    title: '检验检测从业人员公示申请表',
    subtitle: '（首次公示）',
    number: { label: '申请编号', value: `GS${2026}${String(i).padStart(6, '0')}` },
    sections: [
      { heading: '一、人员基本信息', fields: [['姓名', name], ['公民身份号码', `110101199001${String(i % 10000).padStart(4, '0')}**`], ['手机号码', '138****5678'], ['学历', '本科'], ['工作单位', `北京第${i % 97}检验检测有限公司`]] },
      { heading: '二、申请公示项目', table: { columns: ['项目代码', '项目名称', '级别', '证书编号', '有效期至'], rows: [['Y-GL', '锅炉检验', '检验员', `GL${i}`, '2029-06-30'], ['Y-RQ', '压力容器检验', '检验师', `RQ${i}`, '2030-03-31'], ['Y-DT', '电梯检验', '检验员', `DT${i}`, '2028-12-31']] } },
      { heading: '三、承诺', paragraphs: ['本人承诺：所填信息真实、准确、完整；仅在一家检验检测机构执业；如有虚假，愿承担相应法律责任。', '单位承诺：已核实申请人的身份、资格及劳动关系，同意其在本单位执业并予以公示。'] },
    ],
    signatures: ['申请人签字 / Signature', '单位盖章 / Unit stamp', '法定代表人签字 / Legal representative'],
    note: '请于 7 日内打印本表，经本人签字、单位盖章后扫描上传。',
  };
}

const verification = (code = newVerificationCode()) => ({ code, url: `https://permitflow.example/#/verify/${code}`, issuedAt: new Date() });
const mib = (bytes: number) => +(bytes / 1048576).toFixed(0);

interface Round {
  threads: number;
  inFlight: number;
  docsPerSecond: number;
  msP50: number;
  msP99: number;
  firstDocMs: number;
  avgKiB: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  /** (peak RSS − RSS before the pool started) / threads */
  perThreadMiB: number | null;
}

async function round(threads: number): Promise<Round> {
  process.env.PDF_RENDER_THREADS = String(threads);
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  // first document: starts a thread, which reads the fonts
  const t0 = performance.now();
  await renderDocument(layout(0), verification(), threads);
  const first = performance.now() - t0;
  const inFlight = Math.max(1, threads * 2);
  // warm every thread (each reads the fonts once)
  await Promise.all(Array.from({ length: Math.max(WARMUP, inFlight) }, (_, i) => renderDocument(layout(i + 1), verification(), threads)));
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const wall0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < DOCS) {
        const i = 1000 + next++;
        const s = performance.now();
        const { pdf } = await renderDocument(layout(i), verification(), threads);
        times.push(performance.now() - s);
        bytes += pdf.length;
      }
    }),
  );
  const wall = performance.now() - wall0;
  const running = renderPoolStats().threads;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await closeRenderPool();
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return {
    threads: threads === 0 ? 0 : running,
    inFlight,
    docsPerSecond: +(DOCS / (wall / 1000)).toFixed(1),
    msP50: +pct(50).toFixed(1),
    msP99: +pct(99).toFixed(1),
    firstDocMs: +first.toFixed(0),
    avgKiB: +(bytes / DOCS / 1024).toFixed(1),
    rssBeforeMiB: mib(rssBefore),
    peakRssMiB: mib(peakRss),
    perThreadMiB: threads === 0 ? null : mib((peakRss - rssBefore) / Math.max(1, running)),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const rounds: Round[] = [];
  console.log(`bench/documents: ${DOCS} publicity application PDFs per round, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const threads of POOLS) {
    const r = await round(threads);
    rounds.push(r);
    const where = threads === 0 ? 'in the calling thread' : `pool of ${r.threads} thread(s)`;
    console.log(
      `  ${where.padEnd(22)} ${String(r.docsPerSecond).padStart(6)} PDFs/s · per PDF p50 ${r.msP50} ms, p99 ${r.msP99} ms (${r.inFlight} in flight) · first ${r.firstDocMs} ms · ` +
        `${r.avgKiB} KiB · RSS ${r.rssBeforeMiB} → ${r.peakRssMiB} MiB${r.perThreadMiB === null ? '' : ` (${r.perThreadMiB} MiB per thread)`}`,
    );
  }
  const result = {
    docs: DOCS,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    rounds,
    maxRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(0),
    totalSeconds: +((performance.now() - started) / 1000).toFixed(1),
  };
  console.log(JSON.stringify({ bench: 'documents', ...result }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
