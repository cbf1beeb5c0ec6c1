"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:net address helpers (no connection is made on either side).
const { show } = require("../show.cjs");
const net = require("net");

show("isIP", () => ["127.0.0.1", "::1", "fe80::1%eth0", "::ffff:1.2.3.4", "1.2.3", "256.0.0.1", "", "x", "1::2::3", "2001:db8::", "::"].map((a) => net.isIP(a)));
show("isIPv4 / isIPv6", () => [net.isIPv4("10.0.0.1"), net.isIPv4("::1"), net.isIPv6("::1"), net.isIPv6("10.0.0.1"), net.isIP(123)]);
const sa = new net.SocketAddress({ address: "0:0:0:0::1", family: "ipv6", port: 8080, flowlabel: 7 });
show("SocketAddress v6", () => [sa.address, sa.port, sa.family, sa.flowlabel, sa.toJSON()]);
show("SocketAddress defaults", () => new net.SocketAddress().toJSON());
show("SocketAddress v6 forms", () => ["2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:10.1.2.3", "1:0:0:1:0:0:0:1", "fe80:0:0:0:0:0:0:0", "::2:3:4:5:6:7:8"].map((address) => new net.SocketAddress({ address, family: "ipv6" }).address));
show("SocketAddress invalid address", () => new net.SocketAddress({ address: "nope" }));
show("SocketAddress bad family", () => new net.SocketAddress({ family: "ipx" }));
show("SocketAddress bad port", () => new net.SocketAddress({ port: 70000 }));
show("isSocketAddress", () => [net.SocketAddress.isSocketAddress(sa), net.SocketAddress.isSocketAddress({})]);

const list = new net.BlockList();
list.addAddress("1.2.3.4");
list.addRange("10.0.0.1", "10.0.0.10");
list.addSubnet("8592:757c:efae:4e45::", 64, "ipv6");
list.addAddress("::ffff:5.6.7.8", "ipv6");
list.addSubnet("192.168.0.0", 16);
list.addAddress(new net.SocketAddress({ address: "9.9.9.9" }));
show("rules", () => list.rules);
show("check v4", () => ["1.2.3.4", "1.2.3.5", "10.0.0.1", "10.0.0.10", "10.0.0.11", "192.168.200.1", "192.169.0.1", "5.6.7.8", "9.9.9.9"].map((a) => list.check(a)));
show("check v6", () => ["8592:757c:efae:4e45::f", "8592:757c:efae:4e46::", "::ffff:1.2.3.4", "::ffff:10.0.0.5", "::1"].map((a) => list.check(a, "ipv6")));
show("check bad input", () => [list.check("zz"), list.check("1.1.1.1", "ipx")]);
show("addAddress invalid", () => list.addAddress("1.2.3.4.5"));
show("addAddress non-string", () => list.addAddress(1));
show("addRange reversed", () => list.addRange("10.0.0.9", "10.0.0.1"));
show("addSubnet prefix too large", () => list.addSubnet("1.1.1.1", 33));
show("addSubnet v6 prefix too large", () => list.addSubnet("::", 129, "ipv6"));
show("classes", () => [typeof net.Socket, typeof net.Server, typeof net.createServer, typeof net.connect, typeof net.createConnection, net.Stream === net.Socket]);
show("autoSelectFamily", () => [net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout()]);
