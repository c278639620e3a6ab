// The JavaScript baseline: a minimal Bolt for JavaScript app that only acknowledges.
//   node benchmarks/minimal_bolt_app.js PORT   (needs `npm install @slack/bolt`)
// Configured as Bolt-JS's docs advise for one workspace: with the token come botId and
// botUserId, so its authorization calls nothing (no auth.test) per request.
const { App, LogLevel } = require("@slack/bolt");

const app = new App({
  token: "xoxb-bench",
  botId: "B0BENCH",
  botUserId: "U0BENCH",
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command("/compare", async ({ ack }) => {
  await ack();
});
app.event("app_mention", async () => {});

(async () => {
  await app.start(Number(process.argv[2]));
})();
