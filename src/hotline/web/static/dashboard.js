// Manager dashboard charts (ECharts, installed by npm). Data comes from the page's JSON block;
// labels are set as data, never as HTML.
(function () {
  "use strict";

  function draw() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) {
      return;
    }
    var data = JSON.parse(holder.textContent || "{}");
    var font = { fontFamily: "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif" };
    var charts = [];

    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) {
        return;
      }
      var c = window.echarts.init(el, null, { renderer: "canvas" });
      option.textStyle = font;
      option.animation = false;
      c.setOption(option);
      charts.push(c);
    }

    chart("chart-trend", {
      grid: { left: 36, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.trend.days },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: data.trend.unit === "week" ? "周受理量" : "日受理量", type: "bar", data: data.trend.counts }]
    });
    chart("chart-categories", {
      tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
      legend: { type: "scroll", orient: "vertical", right: 0, top: 10 },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["38%", "50%"], label: { show: false }, data: data.categories }]
    });
    chart("chart-units", {
      grid: { left: 40, right: 12, top: 30, bottom: 60 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
      legend: { top: 0 },
      xAxis: { type: "category", data: data.units.names, axisLabel: { interval: 0, rotate: 25, fontSize: 11 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "响应率", type: "bar", data: data.units.response },
        { name: "解决率", type: "bar", data: data.units.resolution },
        { name: "满意率", type: "bar", data: data.units.satisfaction }
      ]
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
    document.body.setAttribute("data-charts", "ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
