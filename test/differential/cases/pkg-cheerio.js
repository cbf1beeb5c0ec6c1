"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// packages: cheerio
const { show } = require("../show.cjs");
const cheerio = require("cheerio");

const $ = cheerio.load(`<html><head><title>T</title></head><body>
  <ul id="list"><li class="item a" data-n="1">One</li><li class="item">Two &amp; two</li><li>Three</li></ul>
  <a href="/x">link</a></body></html>`);
show("select", () => [$("li").length, $("li.item").length, $("#list > li:last-child").text()]);
show("text and attr", () => [$("li.a").text(), $("li.a").attr("data-n"), $("li.a").data("n"), $("a").attr("href")]);
show("map", () => $("li").map((i, el) => $(el).text()).get());
$("li.a").addClass("first").text("Uno");
$("ul").append("<li>Four</li>");
show("mutate", () => [$("li.first").text(), $("li").length, $.html("li.first")]);
show("title", () => $("title").text());
show("loaded functions", () => [typeof cheerio.load, typeof cheerio.loadBuffer, typeof cheerio.fromURL]);
