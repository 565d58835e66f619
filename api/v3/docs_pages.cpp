// GET /api/docs/v3 (rect's OpenAPI document) and GET /api/guidance (a short
// human-readable page for lead provider developers).
#include "api/v3/lead_provider_api.h"

namespace rect::api {

HttpResponse serve_openapi(const HttpRequest&) {
  HttpResponse r;
  r.status = 200;
  r.content_type = "application/yaml; charset=utf-8";
  r.body = lead_provider_openapi_yaml();
  return r;
}

HttpResponse serve_guidance(const HttpRequest&) {
  HttpResponse r;
  r.status = 200;
  r.content_type = "text/html; charset=utf-8";
  r.body = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rect: guidance for lead providers</title></head>
<body>
<h1>Using the rect lead provider API</h1>
<p>This service answers the same requests as version 3 of the lead provider API for
early career teacher training. The machine-readable description is at
<a href="/api/docs/v3">/api/docs/v3</a>.</p>

<h2>Getting access</h2>
<p>Your organisation receives one or more bearer tokens. Send one with every request as
<code>Authorization: Bearer &lt;token&gt;</code>. A token only ever shows your own
participants, declarations, partnerships and statements; anything else answers 404.
You may make 1,000 requests in any five minutes per token.</p>

<h2>Reading lists</h2>
<p>Lists come in pages: <code>page[page]</code> starts at 1 and <code>page[per_page]</code>
is 100 unless you ask for more (at most 3,000). There is no total count: keep asking for the
next page until a page comes back empty. Most lists accept <code>sort=created_at</code>,
<code>-created_at</code>, <code>updated_at</code> or <code>-updated_at</code>; declarations are
always oldest first and statements are ordered by payment date.</p>

<h2>Keeping your records in step</h2>
<p>Each record carries <code>updated_at</code>, which moves only when something you can see in
that record changes. To stay current, poll several times a day with
<code>filter[updated_since]</code> set two polling intervals back (so a missed poll costs
nothing), and run a full download without the filter once or twice a week.
<code>participant_status</code> and a transfer's <code>status</code> follow the calendar:
they can change from one day to the next without <code>updated_at</code> moving.</p>

<h2>Sending changes</h2>
<p>Write requests carry <code>{"data": {"type": "...", "attributes": {...}}}</code>. A
successful write answers 200 with the record as it now stands, and any list you read
afterwards already includes the change. A request that breaks a rule answers 422 with one
entry per problem in <code>errors</code>, each naming the field in <code>title</code>.</p>

<h2>Errors</h2>
<ul>
<li>400: the body is not in the shape above, a page or date filter is malformed, or a required
filter is missing (<code>filter[cohort]</code> on schools).</li>
<li>401: no token, or one we do not know.</li>
<li>404: the record does not exist or is not yours.</li>
<li>422: the change is not allowed; read <code>detail</code>.</li>
<li>429: too many requests; wait and try again.</li>
</ul>

<h2>Testing time-dependent rules</h2>
<p>On a sandbox server you can send <code>X-With-Server-Date: 2026-01-15T10:00:00Z</code> and the
request runs as if it were that moment.</p>
</body></html>
)HTML";
  return r;
}

}  // namespace rect::api
