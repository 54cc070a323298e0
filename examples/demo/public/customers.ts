/**
 * The customers page: what the backend knows about each customer (health, goodwill, P(alive),
 * rules fired), and the CDNOW analysis. All DOM is built with `textContent` and SVG calls.
 */
import type { CdnowAnalysis } from '../cdnow-analysis.js';
import type { CustomerSummary } from '../shop-backend.js';
import { lineChart, meter, sparkColumns } from './charts.js';

const $ = (id: string): HTMLElement => {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} is missing from the page`);
  return node;
};

function cell(...children: Array<Node | string>): HTMLTableCellElement {
  const td = document.createElement('td');
  td.append(...children);
  return td;
}

function text(value: string, className?: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.textContent = value;
  if (className !== undefined) span.className = className;
  return span;
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function row(customer: CustomerSummary): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset['customer'] = customer.id;
  const who = document.createElement('div');
  who.append(text(customer.name ?? '(no name)'), document.createElement('br'), text(customer.id, 'hint'));

  const health = cell(meter(customer.health.score, 0, 100, `health ${customer.health.score}`), ' ', text(String(Math.round(customer.health.score))), document.createElement('br'), text(customer.health.label, 'hint'));
  const goodwill = cell(meter(customer.goodwill, -10, 10, `goodwill ${fmt(customer.goodwill)}`), ' ', text(fmt(customer.goodwill, 1)));
  const pAlive = customer.pAlive === null ? cell(text(customer.orders === 0 ? 'no order yet' : 'model loading…', 'hint')) : cell(meter(customer.pAlive, 0, 1, `P(alive) ${fmt(customer.pAlive)}`), ' ', text(fmt(customer.pAlive)));

  const rules = document.createElement('ul');
  rules.className = 'rules';
  for (const fired of customer.rulesFired) {
    const li = document.createElement('li');
    li.textContent = `${fired.rule}: ${fired.allowed} sent, ${fired.refused} held`;
    rules.append(li);
  }
  if (customer.rulesFired.length === 0) rules.append(text('none yet', 'hint'));
  const journeys = document.createElement('ul');
  journeys.className = 'journeys';
  for (const j of customer.journeys) {
    const li = document.createElement('li');
    li.dataset['journey'] = j.journey;
    li.dataset['status'] = j.status;
    li.append(text(`${j.journey}: ${j.summary}`));
    if (j.last !== null) li.append(document.createElement('br'), text(`last: ${j.last}`, 'hint'));
    journeys.append(li);
  }
  if (customer.journeys.length === 0) journeys.append(text('not in a journey', 'hint'));

  const forget = document.createElement('button');
  forget.type = 'button';
  forget.textContent = 'Forget';
  forget.title = 'Delete this customer from the server store';
  forget.addEventListener('click', () => {
    void fetch(`/api/customers/${encodeURIComponent(customer.id)}`, { method: 'DELETE' }).then(refresh);
  });

  tr.append(
    cell(who),
    cell(String(customer.eventCount)),
    cell(sparkColumns(customer.activity, `events per day, last ${customer.activity.length} days`)),
    cell(`${customer.orders} · $${fmt(customer.revenue)}`),
    health,
    goodwill,
    pAlive,
    cell(rules),
    cell(journeys),
    cell(forget),
  );
  return tr;
}

async function refresh(): Promise<void> {
  const res = await fetch('/api/customers');
  const body = (await res.json()) as { customers: CustomerSummary[] };
  $('customer-rows').replaceChildren(...body.customers.map(row));
  $('customers-empty').hidden = body.customers.length > 0;
}

function renderCdnow(analysis: CdnowAnalysis): void {
  const box = $('cdnow');
  if (!analysis.available) {
    box.replaceChildren(text(analysis.reason, 'hint'));
    return;
  }
  const p = analysis.params;
  const list = document.createElement('ul');
  const items = [
    `${analysis.customers} customers, calibration ${analysis.calibrationWeeks} weeks, holdout ${analysis.holdoutWeeks} weeks`,
    `BG/NBD fit: r = ${fmt(p.r, 3)}, α = ${fmt(p.alpha, 2)}, a = ${fmt(p.a, 3)}, b = ${fmt(p.b, 3)} (log-likelihood ${fmt(analysis.logLikelihood, 1)}, ${analysis.fitMs} ms)`,
    `Holdout: predicted ${fmt(analysis.holdout.predicted, 0)} repeat purchases, actual ${analysis.holdout.actual} (error ${fmt(analysis.holdout.errorPercent, 1)} %)`,
    `Mean P(alive) at the end of calibration: ${fmt(analysis.meanPAlive, 3)}`,
  ];
  for (const item of items) {
    const li = document.createElement('li');
    li.textContent = item;
    list.append(li);
  }
  const legend = text('Cumulative repeat purchases per week: actual (solid) vs BG/NBD prediction (dashed).', 'hint');
  box.replaceChildren(list, modelTable(analysis), text(`Scoring this shop's customers with ${analysis.chosen}: ${analysis.chosenBecause}`, 'chosen-model'), lineChart(analysis.weekly, analysis.calibrationWeeks - 1, 'Cumulative repeat purchases, actual vs predicted'), document.createElement('br'), legend);
}

/** BG/NBD and Pareto/NBD side by side: fit, information criteria and the holdout. */
function modelTable(analysis: Extract<CdnowAnalysis, { available: true }>): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'models';
  const caption = document.createElement('caption');
  caption.textContent = 'Model comparison on the 39-week holdout (compareModels)';
  const head = document.createElement('tr');
  for (const h of ['model', 'parameters', 'log-likelihood', 'AIC', 'BIC', 'holdout: predicted (95 % interval) vs actual', 'error', 'mean abs. error by frequency']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  table.append(caption, head);
  for (const m of analysis.models) {
    const tr = document.createElement('tr');
    if (m.name === analysis.chosen) tr.className = 'chosen';
    const interval = m.holdout.lower === null || m.holdout.upper === null ? '' : ` (${fmt(m.holdout.lower, 0)}–${fmt(m.holdout.upper, 0)})`;
    const cells = [
      m.name,
      Object.entries(m.params).map(([k, v]) => `${k} = ${fmt(v, 3)}`).join(', '),
      fmt(m.logLikelihood, 2),
      fmt(m.aic, 1),
      fmt(m.bic, 1),
      `${fmt(m.holdout.predicted, 0)}${interval} vs ${m.holdout.actual}`,
      `${fmt(m.holdout.errorPercent, 1)} %`,
      fmt(m.meanAbsoluteErrorByFrequency, 3),
    ];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.append(td);
    }
    table.append(tr);
  }
  return table;
}

$('refresh').addEventListener('click', () => void refresh());
void refresh();
void fetch('/api/cdnow')
  .then((res) => res.json() as Promise<CdnowAnalysis>)
  .then(renderCdnow, () => $('cdnow').replaceChildren(text('The CDNOW analysis failed to load.', 'hint')));
setInterval(() => void refresh(), 3000);
