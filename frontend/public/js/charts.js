// The D3 charts: a donut per action and the events-per-second line. D3 is the npm package's
// browser build, served by the dashboard itself (/vendor/d3.min.js), never from a CDN.
import { shadeOf } from './chart-data.js';

const d3 = globalThis.d3;
// no movement for those who asked their system for less
const DURATION = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : 450;

/** A donut of one action's counts, one slice per palette color, the total in the middle. */
export class DonutChart {
  constructor(container, label) {
    const size = 200;
    this.radius = size / 2;
    this.arc = d3.arc().innerRadius(this.radius * 0.62).outerRadius(this.radius - 2).cornerRadius(3).padAngle(0.012);
    this.pie = d3.pie().sort(null).value((d) => d.value);
    this.svg = d3.select(container).append('svg')
      .attr('viewBox', `${-this.radius} ${-this.radius} ${size} ${size}`)
      .attr('role', 'img')
      .attr('aria-label', `${label} per color`);
    this.svg.append('circle').attr('class', 'donut-track').attr('r', this.radius * 0.81)
      .attr('stroke-width', this.radius * 0.38);
    this.slicesGroup = this.svg.append('g');
    this.total = this.svg.append('text').attr('class', 'donut-total').attr('dy', '0.1em');
    this.svg.append('text').attr('class', 'donut-label').attr('dy', '1.6em').text(label);
  }

  update(slices) {
    const total = slices.reduce((sum, s) => sum + s.value, 0);
    this.total.text(d3.format(',')(total));
    // with nothing counted yet, every slice is empty and the grey track shows
    const arcs = this.pie(slices);
    const paths = this.slicesGroup.selectAll('path').data(arcs, (d) => d.data.color);
    const arc = this.arc;
    paths.enter().append('path')
      .attr('fill', (d) => shadeOf(d.data.color))
      .each(function (d) { this.current = { ...d, endAngle: d.startAngle }; })
      .merge(paths)
      .attr('data-color', (d) => d.data.color)
      .each(function (d) { d3.select(this).select('title').remove(); d3.select(this).append('title').text(`${d.data.color}: ${d.data.value}`); })
      .transition().duration(DURATION).ease(d3.easeCubicOut)
      .attrTween('d', function (d) {
        // from where the slice is drawn now, even in the middle of an interrupted transition
        const from = d3.interpolate(this.current, d);
        return (t) => arc((this.current = from(t)));
      });
    paths.exit().remove();
  }
}

/** Events per second over the last 60 s: one line for clicks, one for hovers. */
export class RateChart {
  constructor(container) {
    this.width = 560;
    this.height = 160;
    this.margin = { top: 12, right: 12, bottom: 22, left: 36 };
    this.svg = d3.select(container).append('svg')
      .attr('viewBox', `0 0 ${this.width} ${this.height}`)
      .attr('role', 'img')
      .attr('aria-label', 'events per second over the last 60 seconds');
    this.x = d3.scaleTime().range([this.margin.left, this.width - this.margin.right]);
    this.y = d3.scaleLinear().range([this.height - this.margin.bottom, this.margin.top]);
    this.xAxis = this.svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${this.height - this.margin.bottom})`);
    this.yAxis = this.svg.append('g').attr('class', 'axis').attr('transform', `translate(${this.margin.left},0)`);
    this.lines = {
      hover: this.svg.append('path').attr('class', 'rate-line hover'),
      click: this.svg.append('path').attr('class', 'rate-line click'),
    };
  }

  update(points) {
    if (points.length === 0) return;
    this.x.domain([points[0].t, points[points.length - 1].t]);
    const peak = d3.max(points, (p) => Math.max(p.click, p.hover)) || 0;
    this.y.domain([0, Math.max(5, peak)]).nice();
    const now = points[points.length - 1].t;
    const ticks = [60, 45, 30, 15, 0].map((s) => now - s * 1000).filter((t) => t >= points[0].t);
    this.xAxis.call(d3.axisBottom(this.x).tickValues(ticks).tickFormat((t) => (t === now ? 'now' : `-${Math.round((now - t) / 1000)}s`)));
    this.yAxis.transition().duration(DURATION).call(d3.axisLeft(this.y).ticks(4).tickFormat(d3.format('~s')));
    for (const action of ['hover', 'click']) {
      const line = d3.line().x((p) => this.x(p.t)).y((p) => this.y(p[action])).curve(d3.curveMonotoneX);
      this.lines[action].datum(points).attr('d', line);
    }
  }
}
