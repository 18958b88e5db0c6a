/* Ticket data for the benchmark: writes N realistic tickets with their
 * conversation and full-text index straight into a Loket database that
 * `loket migrate` created, as fast as the engine takes them.
 *
 * Usage: gen_tickets sqlite FILE N OUT      (FILE: DATA/loket.db)
 *        gen_tickets postgres URL N OUT
 *
 * It adds ~10 assignment groups, a few hundred users (requesters in six
 * organisations, agents in the groups, and the benchmark's agent
 * bench-agent@x.example in the first three groups), a small category tree,
 * then N tickets spread over the three years before now, each with 1-4
 * replies (mostly public, some internal work notes), watchers and tags on a
 * few, statuses weighted by age like a real desk (nearly every old ticket
 * closed, the open backlog recent), numbers INC-/REQ- in step with
 * ticket_counters, and the full-text index as Loket writes it
 * (src/store/tickets.c): SQLite's ticket_text (FTS5, rowid = ticket id or
 * minus the comment id) or PostgreSQL's ticket_text (to_tsvector('simple')
 * of the text with every non-word byte made a space). No audit journal is
 * written. The text comes from templates over a service-desk vocabulary,
 * every slot picked with a Zipf law, so that a few words are in most
 * tickets and many in only a few. The output is the same for the same N.
 *
 * OUT gets "key value" lines for bench/run.sh: counts, the group ids, and a
 * common, a medium and a rare search word with the number of tickets that
 * contain each.
 *
 * SQLite: batched transactions without a journal, secondary indexes built
 * after the load, FTS5 rows in rowid order per transaction; ends with ANALYZE
 * and WAL mode back on. PostgreSQL: COPY on one connection per table with
 * session_replication_role = replica (no trigger or foreign key checks: the
 * data is consistent by construction), the text through an unlogged staging
 * table and to_tsvector on two connections, indexes built after the load,
 * VACUUM ANALYZE at the end. */
#include <ctype.h>
#include <libpq-fe.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("gen_tickets: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- random numbers: xoshiro256** seeded with splitmix64 ---------------- */

static uint64_t rng_s[4];

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void rng_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15u);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		rng_s[i] = z ^ (z >> 31);
	}
}

static uint64_t rng(void)
{
	uint64_t result = rotl(rng_s[1] * 5, 7) * 9, t = rng_s[1] << 17;

	rng_s[2] ^= rng_s[0];
	rng_s[3] ^= rng_s[1];
	rng_s[1] ^= rng_s[2];
	rng_s[0] ^= rng_s[3];
	rng_s[2] ^= t;
	rng_s[3] = rotl(rng_s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double unit(void)
{
	return (double)(rng() >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n). */
static int below(int n)
{
	return (int)(unit() * n);
}

static bool chance(double p)
{
	return unit() < p;
}

/* An index into 'w' (n weights), picked in proportion to the weights. */
static int weighted(const double *w, int n)
{
	double total = 0, x;

	for (int i = 0; i < n; i++)
		total += w[i];
	x = unit() * total;
	for (int i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- Zipf: rank i (0-based) has weight 1 / (i + 1)^s ------------------- */

struct zipf {
	int n;
	double *cdf;
};

static void zipf_init(struct zipf *z, int n, double s)
{
	double sum = 0;

	z->n = n;
	z->cdf = xmalloc(sizeof(double) * (size_t)n);
	for (int i = 0; i < n; i++) {
		sum += 1.0 / pow(i + 1, s);
		z->cdf[i] = sum;
	}
	for (int i = 0; i < n; i++)
		z->cdf[i] /= sum;
}

static int zipf_pick(const struct zipf *z)
{
	double x = unit();
	int lo = 0, hi = z->n - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (z->cdf[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- the vocabulary: lists in order of use, each picked with Zipf ------- */

static const char *const apps[] = {
	"Outlook",
	"Teams",
	"SAP",
	"Excel",
	"SharePoint",
	"OneDrive",
	"Citrix",
	"the VPN client",
	"Jira",
	"Salesforce",
	"Word",
	"Workday",
	"Zoom",
	"Chrome",
	"Adobe Acrobat",
	"Power BI",
	"Exchange",
	"Okta",
	"the intranet",
	"the payroll system",
	"Confluence",
	"Edge",
	"Firefox",
	"Webex",
	"AutoCAD",
	"Visio",
	"Dynamics",
	"Navision",
	"Kronos",
	"Concur",
	"DocuSign",
	"GitLab",
	"PuTTY",
	"FileZilla",
	"Java",
	"Tableau",
	"Oracle Forms",
	"the CRM",
	"the ERP",
	"Intune",
	"BitLocker",
	"Defender",
	"Sophos",
	"AnyConnect",
	"GlobalProtect",
	"FortiClient",
	"VMware Horizon",
	"Remote Desktop",
	"PaperCut",
	"Authenticator",
	"Slack",
	"Notepad++",
	"7-Zip",
	"Snagit",
	"Qlik",
	"SPSS",
	"MATLAB",
	"Solidworks",
	"Revit",
	"ArcGIS",
	"Epic",
	"TOPdesk",
	"Lansweeper",
	"KeePass",
	"Mendix",
	"Xero",
	"Exact Online",
	"AFAS",
	"Visma",
	"Unit4",
};

static const char *const devices[] = {
	"laptop",
	"printer",
	"monitor",
	"docking station",
	"headset",
	"keyboard",
	"mouse",
	"mobile phone",
	"desktop",
	"iPhone",
	"scanner",
	"webcam",
	"projector",
	"tablet",
	"thin client",
	"badge reader",
	"desk phone",
	"label printer",
	"smartcard reader",
	"charger",
	"USB stick",
	"conference phone",
	"meeting room screen",
	"barcode scanner",
	"plotter",
	"access point",
	"switch",
	"UPS",
	"router",
	"TV screen",
};

static const char *const symptoms[] = {
	"is very slow",
	"keeps crashing",
	"does not start",
	"freezes",
	"shows an error",
	"cannot connect",
	"is not working",
	"keeps asking for my password",
	"will not sync",
	"is offline",
	"hangs at login",
	"disconnects every few minutes",
	"shows a blue screen",
	"has no sound",
	"flickers",
	"runs out of disk space",
	"is not responding",
	"prints blank pages",
	"has a paper jam",
	"does not charge",
	"overheats",
	"makes a strange noise",
	"lost all settings",
	"shows the wrong time",
	"is stuck on updating",
	"reboots by itself",
	"cannot find the network",
	"displays garbled characters",
	"opens an empty window",
	"rejects my certificate",
};

static const char *const places[] = {
	"the head office",
	"building A",
	"floor 3",
	"the warehouse",
	"meeting room 2.14",
	"reception",
	"the Utrecht office",
	"the Oslo office",
	"the Stockholm office",
	"the Bergen office",
	"the lab",
	"the canteen",
	"store 12",
	"the call centre",
	"the training room",
	"floor 5",
	"the Gothenburg office",
	"the Rotterdam depot",
	"building C",
	"the boardroom",
	"home",
	"the Malmo office",
	"store 31",
	"the Trondheim office",
};

static const char *const resources[] = {
	"the VPN",
	"the shared drive",
	"the wifi",
	"the intranet",
	"the file server",
	"the guest wifi",
	"the ERP",
	"the internet",
	"the print server",
	"the test environment",
	"the SFTP server",
	"the finance share",
	"the HR portal",
	"the customer portal",
	"the licence server",
	"the data warehouse",
};

static const char *const actions[] = {
	"log in",
	"open attachments",
	"save files",
	"print",
	"connect to the VPN",
	"share my screen",
	"join meetings",
	"send email",
	"open the shared drive",
	"install updates",
	"reset my password",
	"access the intranet",
	"book a meeting room",
	"scan documents",
	"approve invoices",
	"run the monthly report",
	"export to Excel",
	"sign documents",
	"see my calendar",
	"open the customer file",
	"submit my hours",
	"change my password",
	"use the second monitor",
	"sync my phone",
};

static const char *const requests[] = {
	"a new laptop",
	"access to the finance share",
	"a software installation",
	"a second monitor",
	"a new mobile phone",
	"a Visio licence",
	"local admin rights",
	"a guest wifi account",
	"a distribution list",
	"a shared mailbox",
	"a new user account",
	"removal of a leaver's accounts",
	"VPN access",
	"a new headset",
	"restore of a deleted file",
	"a larger mailbox",
	"a new badge",
	"access to the test environment",
	"a firewall opening",
	"a new SSL certificate",
	"a Teams channel",
	"a meeting room screen",
	"access to Power BI",
	"a database export",
};

static const char *const fixes[] = {
	"restarting",
	"logging out and in again",
	"clearing the browser cache",
	"reinstalling it",
	"another cable",
	"another browser",
	"updating the driver",
	"a different network",
	"safe mode",
	"removing the profile",
	"the web version",
	"a colleague's laptop",
};

static const char *const whens[] = {
	"this morning",	   "since yesterday", "since the update",     "after the weekend",
	"since last week", "for a few days",  "since Monday",	      "after the power cut",
	"since the move",  "all day",	      "since the new laptop", "after the password change",
};

static const char *const weekdays[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the first of next month",
};

/* Free text: what people write around the templates. */
static const char *const words[] = {
	"error",	 "issue",
	"problem",	 "user",
	"message",	 "again",
	"still",	 "access",
	"account",	 "password",
	"email",	 "file",
	"system",	 "network",
	"connection",	 "update",
	"today",	 "screen",
	"login",	 "server",
	"working",	 "team",
	"customer",	 "urgent",
	"folder",	 "drive",
	"settings",	 "application",
	"browser",	 "meeting",
	"calendar",	 "invite",
	"report",	 "manager",
	"colleague",	 "invoice",
	"order",	 "portal",
	"page",		 "link",
	"button",	 "menu",
	"profile",	 "permission",
	"group",	 "policy",
	"backup",	 "restore",
	"licence",	 "install",
	"version",	 "upgrade",
	"sometimes",	 "suddenly",
	"always",	 "slow",
	"broken",	 "missing",
	"wrong",	 "blocked",
	"locked",	 "expired",
	"disabled",	 "failed",
	"denied",	 "unavailable",
	"remote",	 "office",
	"home",		 "desk",
	"morning",	 "afternoon",
	"yesterday",	 "tomorrow",
	"week",		 "deadline",
	"mailbox",	 "attachment",
	"sync",		 "timeout",
	"certificate",	 "driver",
	"firmware",	 "patch",
	"disk",		 "memory",
	"battery",	 "cable",
	"wifi",		 "signal",
	"bluetooth",	 "database",
	"job",		 "schedule",
	"queue",	 "approval",
	"contract",	 "supplier",
	"warehouse",	 "shipment",
	"payroll",	 "expenses",
	"budget",	 "quarter",
	"presentation",	 "template",
	"spreadsheet",	 "document",
	"scan",		 "signature",
	"intermittent",	 "randomly",
	"completely",	 "partially",
	"everyone",	 "nobody",
	"several",	 "colleagues",
	"department",	 "floor",
	"proxy",	 "gateway",
	"dns",		 "dhcp",
	"latency",	 "packet",
	"handshake",	 "tls",
	"saml",		 "oauth",
	"ldap",		 "kerberos",
	"registry",	 "powershell",
	"macro",	 "pivot",
	"csv",		 "xml",
	"json",		 "api",
	"webhook",	 "smtp",
	"imap",		 "spf",
	"dkim",		 "dmarc",
	"phishing",	 "spam",
	"quarantine",	 "malware",
	"ransomware",	 "antivirus",
	"encryption",	 "tpm",
	"bios",		 "uefi",
	"raid",		 "nas",
	"snapshot",	 "hypervisor",
	"cluster",	 "failover",
	"replication",	 "vlan",
	"subnet",	 "firewall",
	"router",	 "switch",
	"cabling",	 "socket",
	"toner",	 "cartridge",
	"duplex",	 "tray",
	"stapler",	 "projector",
	"hdmi",		 "displayport",
	"adapter",	 "dongle",
	"keyboard",	 "trackpad",
	"touchscreen",	 "stylus",
	"hinge",	 "fan",
	"noise",	 "smell",
	"spill",	 "coffee",
	"crack",	 "dent",
	"warranty",	 "repair",
	"courier",	 "loan",
	"spare",	 "replacement",
	"asset",	 "inventory",
	"onboarding",	 "offboarding",
	"starter",	 "leaver",
	"contractor",	 "intern",
	"visitor",	 "auditor",
	"consultant",	 "vendor",
	"escalate",	 "workaround",
	"rollback",	 "hotfix",
	"outage",	 "maintenance",
	"downtime",	 "migration",
	"cutover",	 "pilot",
	"rollout",	 "deployment",
	"packaging",	 "sccm",
	"autopilot",	 "enrolment",
	"compliance",	 "baseline",
	"benchmark",	 "throttling",
	"quota",	 "retention",
	"archive",	 "journal",
	"legal",	 "hold",
	"ediscovery",	 "gdpr",
	"dpia",		 "consent",
	"cookie",	 "captcha",
	"redirect",	 "loop",
	"cache",	 "cookies",
	"popup",	 "plugin",
	"extension",	 "addin",
	"ribbon",	 "toolbar",
	"shortcut",	 "hotkey",
	"clipboard",	 "font",
	"watermark",	 "header",
	"footer",	 "margin",
	"locale",	 "timezone",
	"daylight",	 "calendar",
	"recurrence",	 "delegate",
	"proxyaccess",	 "sendas",
	"alias",	 "forwarding",
	"autoreply",	 "signature",
	"disclaimer",	 "encryption",
	"smime",	 "yubikey",
	"fido",		 "passkey",
	"biometric",	 "fingerprint",
	"kiosk",	 "signage",
	"turnstile",	 "intercom",
	"cctv",		 "thermostat",
	"elevator",	 "sensor",
	"telemetry",	 "dashboard",
	"kpi",		 "sla",
	"breach",	 "penalty",
	"credit",	 "refund",
	"chargeback",	 "reconciliation",
	"ledger",	 "accrual",
	"depreciation",	 "amortisation",
	"consolidation", "intercompany",
	"eliminations",
};

static const char *const first_names[] = {
	"Anna",	   "Lars",   "Sofie",  "Jan",	 "Emma",  "Pieter", "Ingrid",  "Ole",
	"Maria",   "Erik",   "Sanne",  "Bram",	 "Karin", "Nils",   "Eva",     "Johan",
	"Lotte",   "Henrik", "Fleur",  "Mikael", "Sara",  "Daan",   "Kristin", "Bjorn",
	"Linda",   "Ruben",  "Astrid", "Thomas", "Julia", "Sven",   "Noor",    "Magnus",
	"Ida",	   "Joris",  "Hanna",  "Anders", "Elise", "Tim",    "Marit",   "Per",
	"Iris",	   "Stefan", "Liv",    "Koen",	 "Frida", "Martin", "Roos",    "Jonas",
	"Tove",	   "Wouter", "Helena", "Olav",	 "Femke", "Gustav", "Silje",   "Thijs",
	"Camilla", "Rasmus", "Nadia",  "Arjen",	 "Maja",  "Leif",   "Esther",  "Kjell",
};

static const char *const last_names[] = {
	"Jansen",     "de Vries",    "Hansen",	    "Johansson",  "Bakker",   "Olsen",
	"Andersson",  "Visser",	     "Larsen",	    "Karlsson",	  "Smit",     "Nilsen",
	"Nilsson",    "Meijer",	     "Pedersen",    "Eriksson",	  "de Boer",  "Berg",
	"Larsson",    "Mulder",	     "Haugen",	    "Olsson",	  "de Groot", "Johannessen",
	"Persson",    "Bos",	     "Kristiansen", "Svensson",	  "Vos",      "Jensen",
	"Gustafsson", "Peters",	     "Dahl",	    "Pettersson", "Hendriks", "Halvorsen",
	"Lindberg",   "van Dijk",    "Solberg",	    "Lindqvist",  "Dekker",   "Moen",
	"Jonsson",    "van Leeuwen", "Bakken",	    "Lund",	  "Brouwer",  "Strand",
};

struct org {
	const char *name, *domain, *language, *zone;
};

static const struct org orgs[] = {
	{"Nordhavn Head Office", "nordhavn.example", "en", "Europe/Amsterdam"},
	{"Nordhavn Logistics", "logistics.nordhavn.example", "nl", "Europe/Amsterdam"},
	{"Nordhavn Norge", "nordhavn.example.no", "nb", "Europe/Oslo"},
	{"Nordhavn Sverige", "nordhavn.example.se", "sv", "Europe/Stockholm"},
	{"Nordhavn Retail", "retail.nordhavn.example", "nl", "Europe/Amsterdam"},
	{"Nordhavn Research", "research.nordhavn.example", "en", "Europe/Oslo"},
};

static const char *const group_names[] = {
	"Service Desk", "Desktop Support", "Network",	    "Servers",	"Identity and Access",
	"Applications", "Database",	   "Facilities IT", "Security", "Telephony",
};
enum { NGROUPS = COUNT(group_names) };
enum { G_DESK, G_DESKTOP, G_NET, G_SRV, G_IAM, G_APPS, G_DB, G_FAC, G_SEC, G_TEL };

static const char *const categories[][4] = {
	{"Hardware", "Laptop", "Printer", "Peripheral"},
	{"Software", "Installation", "Licence", "Crash"},
	{"Network", "Wifi", "VPN", "Cabling"},
	{"Access", "Password", "Permissions", "New account"},
	{"Email", "Mailbox", "Distribution list", "Spam"},
	{"Telephony", "Mobile", "Desk phone", "Voicemail"},
	{"Facilities", "Meeting room", "Badge", "Screens"},
	{"Security", "Phishing", "Malware", "Lost device"},
};

static const char *const services[] = {
	"Email",     "Workplace", "VPN",      "ERP", "Printing", "Identity",
	"Telephony", "Network",	  "Intranet", "CRM", "Payroll",	 "Data platform",
};

static const char *const tag_names[] = {
	"vip", "hardware", "outage", "laptop", "onboarding", "offboarding",
	"vpn", "printing", "mfa",    "major",  "follow-up",  "audit",
};

/* Templates: {A} app, {D} device, {S} symptom, {L} place, {N} resource, {X}
 * action, {R} request, {F} fix, {T} when, {Y} weekday, {P} a person's name,
 * {C} error code, {H} host, {W} asset tag, {K} knowledge article, {M} a small
 * number, {Z} a run of free words, {Q} the requester's first name, {G} the
 * agent's first name. */
struct title {
	int group;
	bool request;
	const char *text;
};

static const struct title titles[] = {
	{G_APPS, false, "{A} {S}"},
	{G_DESKTOP, false, "{D} {S}"},
	{G_DESK, false, "Cannot {X}"},
	{G_APPS, false, "{A} error {C}"},
	{G_IAM, false, "Password reset for {A}"},
	{G_NET, false, "Cannot connect to {N} from {L}"},
	{G_DESKTOP, false, "Printer in {L} {S}"},
	{G_DESK, true, "Request: {R}"},
	{G_DESKTOP, true, "New {D} for {P}"},
	{G_IAM, true, "Access to {A} for {P}"},
	{G_IAM, false, "Account locked after password change"},
	{G_NET, false, "Wifi {S} in {L}"},
	{G_APPS, true, "Install {A} on {W}"},
	{G_SRV, false, "Server {H} not responding"},
	{G_IAM, true, "New starter {P} on {Y}"},
	{G_IAM, true, "Leaver: remove the accounts of {P}"},
	{G_APPS, false, "{A} {S} since the update"},
	{G_DESK, false, "{A} keeps asking for my password"},
	{G_SRV, false, "Disk full on {H}"},
	{G_DB, false, "Report in {A} times out"},
	{G_SEC, false, "Phishing email reported by {P}"},
	{G_TEL, false, "Desk phone {S}"},
	{G_FAC, false, "Meeting room screen in {L} {S}"},
	{G_DB, false, "Nightly job failed on {H}"},
	{G_SEC, false, "Suspicious sign-in to {A}"},
	{G_TEL, true, "New mobile phone for {P}"},
	{G_FAC, true, "Move the desk of {P} to {L}"},
	{G_NET, true, "Firewall opening for {H}"},
	{G_SEC, false, "Lost {D} {W}"},
	{G_TEL, false, "No dial tone in {L}"},
	{G_SRV, false, "Backup of {H} failed"},
	{G_DB, true, "Database export of {A} for {P}"},
};

static const char *const sentences[] = {
	"Hi, {T} my {D} {S}.",
	"I get the error {C} when I try to {X} in {A}.",
	"This affects {M} people in {L}.",
	"I already tried {F} but it did not help.",
	"Could you please look at this before {Y}?",
	"My colleague {P} has the same problem.",
	"It happens when I {X} from {L}.",
	"The asset tag on the {D} is {W}.",
	"{A} says: {Z}.",
	"I need {R} for {P}, starting {Y}.",
	"We cannot work like this, {Z}.",
	"The message mentions {H} and {C}.",
	"Details: {Z}.",
	"It stopped working {T}.",
	"Other users in {L} can {X} without problems.",
	"Please call me back, I am in {L} {T}.",
	"Steps to reproduce: open {A}, {X}, then {Z}.",
	"Approved by my manager {P}.",
	"Thanks in advance, {Q}.",
	"See also {K}.",
};

static const char *const agent_replies[] = {
	"Hi {Q}, thank you for reporting this. Could you try {F} and let us know?",
	"Hi {Q}, we are looking into it. Is {A} the only application affected?",
	"Hi {Q}, we have pushed a fix for {A}. Please restart your {D} and try again.",
	"Hi {Q}, could you send us a screenshot of the error {C}?",
	"Hi {Q}, the {D} {W} will be replaced. A courier will bring it {Y}.",
	"Hi {Q}, your request for {R} has been approved and is being prepared.",
	"Hi {Q}, this is a known issue, see {K}. A workaround is {F}.",
	"Hi {Q}, we reset your account. Please log in again and change your password.",
	"Hi {Q}, can we take over your screen {T} to have a look?",
	"Hi {Q}, the problem with {N} has been solved. Can you confirm it works for you?",
	"Hi {Q}, we have not heard from you. Is the problem still there?",
	"Hi {Q}, {Z}. Kind regards, {G}",
};

static const char *const requester_replies[] = {
	"Thanks {G}, that worked!",
	"No, I still get the error {C}.",
	"I tried {F}, same result.",
	"Attached is the screenshot. {Z}.",
	"I am in {L} {Y}, you can come by.",
	"It works again, thank you.",
	"Any news? We really need this for {Y}.",
	"The problem is back since {T}.",
	"{Z}, thanks.",
};

static const char *const work_notes[] = {
	"Checked the logs on {H}: {Z}.",
	"Escalated to {P} for approval.",
	"Known issue, linked to {K}. {Z}.",
	"Ordered a replacement {D} from the supplier, delivery {Y}.",
	"Waiting for the change window on {H}.",
	"Remote session: {Z}.",
	"Asset {W} checked out to the requester.",
	"Licence for {A} assigned, {M} left in the pool.",
	"Called {Q}, no answer. Will try again {Y}.",
	"Root cause: certificate on {H} expired, renewed it.",
};

static const char *const resolutions[] = {
	"Fixed by {F}.",
	"Replaced the {D}, asset {W}.",
	"Reset the password and unlocked the account.",
	"Installed {A} and assigned the licence.",
	"Access granted to {A}.",
	"Workaround given, see {K}.",
	"Cleared space on {H} and extended the disk.",
	"Duplicate of another ticket.",
	"The requester confirmed it works again.",
	"{Z}.",
};

static const char *const resolution_codes[] = {
	"fixed",      "workaround",	  "request_fulfilled", "duplicate",
	"user_error", "no_action_needed", "not_reproducible",
};
static const double resolution_weights[] = {40, 10, 25, 5, 8, 7, 5};

static const char *const channels[] = {"email", "portal", "phone", "api", "walk_in"};
static const double channel_weights[] = {40, 30, 20, 5, 5};

static const char *const pending_reasons[] = {"awaiting_requester", "awaiting_supplier",
					      "awaiting_change"};

/* ---- codes: error codes, host names, asset tags, knowledge articles ----- */

enum { NERRORS = 6000, NHOSTS = 3000, NASSETS = 20000, NKBS = 4000 };

static void code_error(int r, char *out)
{
	uint32_t h = (uint32_t)r * 2654435761u;

	if (r % 3)
		snprintf(out, 24, "0x%08x", 0x80000000u | (h & 0x0fffffffu));
	else
		snprintf(out, 24, "E%05u", (unsigned)((r / 3 * 7919u) % 100000u));
}

static void code_host(int r, char *out)
{
	static const char *const pre[] = {"srv", "app", "db", "web"};

	snprintf(out, 24, "%s%04u", pre[r % 4], (unsigned)((r / 4 * 373u) % 10000u));
}

static void code_asset(int r, char *out)
{
	static const char *const pre[] = {"LT", "PC", "MN"};

	snprintf(out, 24, "%s%05u", pre[r % 3], (unsigned)((r / 3 * 7919u) % 100000u));
}

static void code_kb(int r, char *out)
{
	snprintf(out, 24, "KB%07u", 4000000u + (unsigned)((r * 104729u) % 1000000u));
}

/* ---- text --------------------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, cap;
};

static void sb_grow(struct sbuf *b, size_t more)
{
	if (b->n + more + 1 <= b->cap)
		return;
	while (b->n + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->p = xrealloc(b->p, b->cap);
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_char(struct sbuf *b, char c)
{
	sb_add(b, &c, 1);
}

static void sb_int(struct sbuf *b, long long v)
{
	char tmp[24];

	sb_add(b, tmp, (size_t)snprintf(tmp, sizeof(tmp), "%lld", v));
}

static struct zipf z_apps, z_devices, z_symptoms, z_places, z_resources, z_actions, z_requests,
	z_fixes, z_whens, z_words, z_errors, z_hosts, z_assets, z_kbs, z_titles, z_sentences,
	z_requesters, z_categories, z_services;

/* Who a ticket's text is about: the names {Q} and {G} stand for. */
struct people {
	const char *requester_first, *agent_first;
};

static int nusers;
static char **user_names; /* index: user number (0-based), full name */

static void free_words(struct sbuf *b, int min, int max)
{
	int n = min + below(max - min + 1);

	for (int i = 0; i < n; i++) {
		if (i)
			sb_char(b, ' ');
		sb_str(b, words[zipf_pick(&z_words)]);
	}
}

static void expand(struct sbuf *b, const char *t, const struct people *who)
{
	char code[24];

	for (; *t; t++) {
		if (*t != '{' || !t[1] || t[2] != '}') {
			sb_char(b, *t);
			continue;
		}
		switch (t[1]) {
		case 'A': sb_str(b, apps[zipf_pick(&z_apps)]); break;
		case 'D': sb_str(b, devices[zipf_pick(&z_devices)]); break;
		case 'S': sb_str(b, symptoms[zipf_pick(&z_symptoms)]); break;
		case 'L': sb_str(b, places[zipf_pick(&z_places)]); break;
		case 'N': sb_str(b, resources[zipf_pick(&z_resources)]); break;
		case 'X': sb_str(b, actions[zipf_pick(&z_actions)]); break;
		case 'R': sb_str(b, requests[zipf_pick(&z_requests)]); break;
		case 'F': sb_str(b, fixes[zipf_pick(&z_fixes)]); break;
		case 'T': sb_str(b, whens[zipf_pick(&z_whens)]); break;
		case 'Y': sb_str(b, weekdays[below(COUNT(weekdays))]); break;
		case 'P': sb_str(b, user_names[below(nusers)]); break;
		case 'C':
			code_error(zipf_pick(&z_errors), code);
			sb_str(b, code);
			break;
		case 'H':
			code_host(zipf_pick(&z_hosts), code);
			sb_str(b, code);
			break;
		case 'W':
			code_asset(zipf_pick(&z_assets), code);
			sb_str(b, code);
			break;
		case 'K':
			code_kb(zipf_pick(&z_kbs), code);
			sb_str(b, code);
			break;
		case 'M': sb_int(b, 2 + below(40)); break;
		case 'Z': free_words(b, 4, 14); break;
		case 'Q': sb_str(b, who->requester_first); break;
		case 'G': sb_str(b, who->agent_first); break;
		default: sb_add(b, t, 3); break;
		}
		t += 2;
	}
}

/* ---- how many tickets contain each word ---------------------------------- */

/* A word as the search sees it: bytes that src/core/search.c calls word
 * bytes, compared without case. */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || isalnum(c) || c == '_';
}

struct word_entry {
	uint64_t hash;
	uint32_t off, len;
	int64_t last; /* the last ticket counted */
	int64_t tickets;
};

static struct word_entry *wtab;
static size_t wcap, wcount;
static struct sbuf wtext;

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 1099511628211u;
	return h;
}

static void wtab_put(uint64_t h, uint32_t off, uint32_t len, int64_t last, int64_t tickets)
{
	size_t i = (size_t)h & (wcap - 1);

	while (wtab[i].len)
		i = (i + 1) & (wcap - 1);
	wtab[i] = (struct word_entry){h, off, len, last, tickets};
}

static void count_word(const char *s, size_t n, int64_t ticket)
{
	bool digits = true;

	for (size_t i = 0; i < n; i++)
		digits = digits && isdigit((unsigned char)s[i]);
	if (digits || n > 40)
		return; /* numbers (ticket numbers among them) are not candidates */
	if ((wcount + 1) * 2 > wcap) {
		struct word_entry *old = wtab;
		size_t oldcap = wcap;
		wcap = wcap ? wcap * 2 : 1 << 16;
		wtab = calloc(wcap, sizeof(*wtab));
		if (!wtab)
			die("out of memory");
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].len)
				wtab_put(old[i].hash, old[i].off, old[i].len, old[i].last,
					 old[i].tickets);
		free(old);
	}
	uint64_t h = fnv(s, n);
	size_t i = (size_t)h & (wcap - 1);
	while (wtab[i].len) {
		struct word_entry *e = &wtab[i];
		if (e->hash == h && e->len == n && !strncasecmp(wtext.p + e->off, s, n)) {
			if (e->last != ticket) {
				e->last = ticket;
				e->tickets++;
			}
			return;
		}
		i = (i + 1) & (wcap - 1);
	}
	uint32_t off = (uint32_t)wtext.n;
	for (size_t k = 0; k < n; k++)
		sb_char(&wtext, (char)tolower((unsigned char)s[k]));
	wtab[i] = (struct word_entry){h, off, (uint32_t)n, ticket, 1};
	wcount++;
}

static void count_words(const char *s, size_t n, int64_t ticket)
{
	size_t i = 0;

	while (i < n) {
		while (i < n && !word_byte((unsigned char)s[i]))
			i++;
		size_t start = i;
		while (i < n && word_byte((unsigned char)s[i]))
			i++;
		if (i > start)
			count_word(s + start, i - start, ticket);
	}
}

/* The word whose share of the tickets is nearest (on a log scale) to
 * 'share': letters only (common, medium) or any word with a letter (rare),
 * at least 4 bytes, in at least one ticket. */
static const struct word_entry *pick_word(double share, int64_t ntickets, bool letters_only)
{
	const struct word_entry *best = NULL;
	double best_d = 1e300;

	for (size_t i = 0; i < wcap; i++) {
		const struct word_entry *e = &wtab[i];
		bool ok = e->len >= 4;
		for (uint32_t k = 0; ok && letters_only && k < e->len; k++)
			ok = isalpha((unsigned char)wtext.p[e->off + k]);
		if (!ok)
			continue;
		double d = fabs(log((double)e->tickets / (double)ntickets / share));
		if (d < best_d || (d == best_d && best &&
				   strncmp(wtext.p + e->off, wtext.p + best->off,
					   e->len < best->len ? e->len : best->len) < 0)) {
			best = e;
			best_d = d;
		}
	}
	return best;
}

/* ---- where rows go: SQLite statements or PostgreSQL COPY streams --------- */

enum table {
	T_ORGS,
	T_USERS,
	T_GROUPS,
	T_MEMBERS,
	T_CATEGORIES,
	T_TICKETS,
	T_COMMENTS,
	T_WATCHERS,
	T_TEXT,
	NTABLES
};

struct table_def {
	const char *name, *pg_name, *cols, *sqlite_cols;
	int ncols;
	bool big; /* PostgreSQL: a COPY stream of its own, open for the whole load */
};

static const struct table_def table_defs[NTABLES] = {
	{"organisations", NULL,
	 "id, name, description, email_domain, share_tickets, created_at, updated_at", NULL, 7,
	 false},
	{"users", NULL,
	 "id, email, name, language, time_zone, location, roles, organisation_id, created_at,"
	 " updated_at",
	 NULL, 10, false},
	{"assignment_groups", NULL, "id, name, description, email, created_at, updated_at", NULL, 6,
	 false},
	{"group_members", NULL, "group_id, user_id", NULL, 2, false},
	{"categories", NULL, "id, name, parent_id, created_at, updated_at", NULL, 5, false},
	{"tickets", NULL,
	 "id, number, type, title, description, status, pending_reason, impact, urgency,"
	 " priority, category_id, service, requester_id, organisation_id, channel, group_id,"
	 " assignee_id, tags, resolution_code, resolution_notes, reassignment_count,"
	 " escalation_count, first_response_at, resolved_at, closed_at, version, created_at,"
	 " updated_at",
	 NULL, 28, true},
	{"ticket_comments", NULL, "id, ticket_id, author_id, visibility, body, created_at", NULL, 6,
	 true},
	{"ticket_watchers", NULL, "ticket_id, user_id", NULL, 2, true},
	{"ticket_text", "bench_text", "row_key, body, ticket_id, internal",
	 "rowid, body, ticket_id, internal", 4, true},
};

enum val_kind { V_NULL, V_INT, V_TEXT };

struct val {
	enum val_kind kind;
	int64_t i;
	const char *s;
	size_t n;
};

static struct val VI(int64_t x) {
	return (struct val){V_INT, x, NULL, 0};
}

static struct val
VTN(const char *x, size_t n) {
	return (struct val){V_TEXT, 0, x, n};
}

static struct val
VT(const char *x) {
	return VTN(x, strlen(x));
}

static const struct val VN = {V_NULL, 0, NULL, 0};

/* An optional reference or time: 0 is NULL. */
static struct val VO(int64_t x) {
	return x ? VI(x) : VN;
}

static bool on_pg;

/* SQLite */
static sqlite3 *lite;
static sqlite3_stmt *lite_ins[NTABLES];

static void lite_exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(lite, sql, NULL, NULL, &msg) != SQLITE_OK)
		die("sqlite: %s: %s", sql, msg ? msg : "?");
}

static int64_t lite_int(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = 0;

	if (sqlite3_prepare_v2(lite, sql, -1, &st, NULL) != SQLITE_OK)
		die("sqlite: %s: %s", sql, sqlite3_errmsg(lite));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void lite_row(enum table t, const struct val *v)
{
	const struct table_def *d = &table_defs[t];
	sqlite3_stmt *st = lite_ins[t];

	if (!st) {
		char sql[1024];
		int n = snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) VALUES (", d->name,
				 d->sqlite_cols ? d->sqlite_cols : d->cols);
		for (int i = 0; i < d->ncols; i++)
			n += snprintf(sql + n, sizeof(sql) - (size_t)n, "%s?", i ? ", " : "");
		snprintf(sql + n, sizeof(sql) - (size_t)n, ")");
		if (sqlite3_prepare_v2(lite, sql, -1, &st, NULL) != SQLITE_OK)
			die("sqlite: %s: %s", sql, sqlite3_errmsg(lite));
		lite_ins[t] = st;
	}
	for (int i = 0; i < d->ncols; i++) {
		if (v[i].kind == V_INT)
			sqlite3_bind_int64(st, i + 1, v[i].i);
		else if (v[i].kind == V_TEXT)
			sqlite3_bind_text(st, i + 1, v[i].s, (int)v[i].n, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		die("sqlite: insert into %s: %s", d->name, sqlite3_errmsg(lite));
	sqlite3_reset(st);
}

/* PostgreSQL */
static const char *pg_url;
static PGconn *pg_main;
static PGconn *pg_copy[NTABLES]; /* the connection a table's COPY is open on */
static struct sbuf pg_buf[NTABLES];

static PGconn *pg_connect(void)
{
	PGconn *c = PQconnectdb(pg_url);

	if (PQstatus(c) != CONNECTION_OK)
		die("postgres: cannot connect: %s", PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	return c;
}

static void pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		die("postgres: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
}

static int64_t pg_int(const char *sql)
{
	PGresult *r = PQexec(pg_main, sql);
	int64_t v = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		die("postgres: %s: %s", sql, PQerrorMessage(pg_main));
	if (PQntuples(r) && !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

static void pg_flush(enum table t)
{
	if (pg_buf[t].n && PQputCopyData(pg_copy[t], pg_buf[t].p, (int)pg_buf[t].n) != 1)
		die("postgres: COPY %s: %s", table_defs[t].name, PQerrorMessage(pg_copy[t]));
	pg_buf[t].n = 0;
}

static void pg_end_copy(enum table t)
{
	PGresult *r;

	if (!pg_copy[t])
		return;
	pg_flush(t);
	if (PQputCopyEnd(pg_copy[t], NULL) != 1)
		die("postgres: COPY %s: %s", table_defs[t].name, PQerrorMessage(pg_copy[t]));
	while ((r = PQgetResult(pg_copy[t]))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die("postgres: COPY %s: %s", table_defs[t].name,
			    PQerrorMessage(pg_copy[t]));
		PQclear(r);
	}
	if (table_defs[t].big)
		PQfinish(pg_copy[t]);
	pg_copy[t] = NULL;
}

static void pg_begin_copy(enum table t)
{
	const struct table_def *d = &table_defs[t];
	char sql[1024];
	PGresult *r;

	if (d->big) {
		pg_copy[t] = pg_connect();
		pg_exec(pg_copy[t], "SET session_replication_role = replica");
		pg_exec(pg_copy[t], "SET synchronous_commit = off");
	} else {
		for (int i = 0; i < NTABLES; i++) /* small tables share one connection */
			if (!table_defs[i].big && pg_copy[i])
				pg_end_copy((enum table)i);
		pg_copy[t] = pg_main;
	}
	snprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", d->pg_name ? d->pg_name : d->name,
		 d->cols);
	r = PQexec(pg_copy[t], sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		die("postgres: %s: %s", sql, PQerrorMessage(pg_copy[t]));
	PQclear(r);
}

/* COPY's text format; for the index, every non-word byte made a space as
 * words_only() in src/store/tickets.c does. */
static void pg_text(struct sbuf *b, const char *s, size_t n, bool words_only)
{
	sb_grow(b, 2 * n);
	char *o = b->p + b->n;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (words_only && !word_byte(c))
			*o++ = ' ';
		else if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			*o++ = '\\';
			*o++ = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
		} else
			*o++ = (char)c;
	}
	b->n = (size_t)(o - b->p);
	b->p[b->n] = 0;
}

static void pg_row(enum table t, const struct val *v)
{
	const struct table_def *d = &table_defs[t];
	struct sbuf *b = &pg_buf[t];

	if (!pg_copy[t])
		pg_begin_copy(t);
	for (int i = 0; i < d->ncols; i++) {
		if (i)
			sb_char(b, '\t');
		if (v[i].kind == V_INT)
			sb_int(b, v[i].i);
		else if (v[i].kind == V_TEXT)
			pg_text(b, v[i].s, v[i].n, t == T_TEXT);
		else
			sb_add(b, "\\N", 2);
	}
	sb_char(b, '\n');
	if (b->n > (1 << 18))
		pg_flush(t);
}

static void row(enum table t, const struct val *v)
{
	if (on_pg)
		pg_row(t, v);
	else
		lite_row(t, v);
}

/* Statements run one after another on a connection of their own, beside
 * another such list: index builds and the like use both cores. */
struct pg_job {
	const char *const *sql;
	int n;
};

static void *pg_job_run(void *arg)
{
	struct pg_job *j = arg;
	PGconn *c = pg_connect();

	pg_exec(c, "SET maintenance_work_mem = '512MB'");
	pg_exec(c, "SET synchronous_commit = off");
	pg_exec(c, "SET session_replication_role = replica");
	for (int i = 0; i < j->n; i++)
		pg_exec(c, j->sql[i]);
	PQfinish(c);
	return NULL;
}

static void pg_parallel(const char *const *a, int na, const char *const *b, int nb)
{
	struct pg_job ja = {a, na}, jb = {b, nb};
	pthread_t t;

	if (pthread_create(&t, NULL, pg_job_run, &ja))
		die("cannot start a thread");
	pg_job_run(&jb);
	pthread_join(t, NULL);
}

/* The secondary indexes of the big tables, dropped for the load and built
 * again after it from their own definitions. */
static char *index_sql[32];
static int nindex;

static void drop_indexes(void)
{
	static const char lite_q[] =
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
		" AND tbl_name IN ('tickets', 'ticket_comments', 'ticket_watchers')";
	static const char pg_q[] =
		"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
		" AND tablename IN ('tickets', 'ticket_comments', 'ticket_watchers', 'ticket_text')"
		" AND indexname NOT IN (SELECT conname FROM pg_constraint)"
		" ORDER BY tablename = 'ticket_text' DESC, indexname";
	char *names[32];

	if (on_pg) {
		PGresult *r = PQexec(pg_main, pg_q);
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			die("postgres: %s", PQerrorMessage(pg_main));
		for (int i = 0; i < PQntuples(r) && nindex < 32; i++, nindex++) {
			names[nindex] = strdup(PQgetvalue(r, i, 0));
			index_sql[nindex] = strdup(PQgetvalue(r, i, 1));
		}
		PQclear(r);
	} else {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(lite, lite_q, -1, &st, NULL) != SQLITE_OK)
			die("sqlite: %s", sqlite3_errmsg(lite));
		while (sqlite3_step(st) == SQLITE_ROW && nindex < 32) {
			names[nindex] = strdup((const char *)sqlite3_column_text(st, 0));
			index_sql[nindex++] = strdup((const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
	}
	for (int i = 0; i < nindex; i++) {
		char sql[256];
		snprintf(sql, sizeof(sql), "DROP INDEX %s", names[i]);
		if (on_pg)
			pg_exec(pg_main, sql);
		else
			lite_exec(sql);
		free(names[i]);
	}
}

/* ---- the desk: organisations, users, groups, categories ------------------ */

enum { NREQUESTERS = 340, NAGENTS = 60, BATCH = 10000 };
#define BENCH_AGENT "bench-agent@x.example"

struct person {
	int64_t id;
	const char *first;
};

static int64_t now_ms;
static int64_t org_ids[COUNT(orgs)];
static struct person requesters[NREQUESTERS], agents[NAGENTS + 1]; /* + the bench agent */
static int *requester_rank;					   /* Zipf rank -> requester */
static int64_t group_ids[NGROUPS];
static int members[NGROUPS][NAGENTS + 1], nmembers[NGROUPS];
static int64_t category_ids[COUNT(categories) * 4];

static int64_t db_int(const char *sql)
{
	return on_pg ? pg_int(sql) : lite_int(sql);
}

static char *email_of(const char *first, const char *last, int64_t id, const char *domain)
{
	char buf[160], *o = buf;

	for (const char *p = first; *p; p++)
		*o++ = (char)tolower((unsigned char)*p);
	*o++ = '.';
	for (const char *p = last; *p; p++)
		if (*p != ' ')
			*o++ = (char)tolower((unsigned char)*p);
	snprintf(o, sizeof(buf) - (size_t)(o - buf), ".%lld@%s", (long long)id, domain);
	return strdup(buf);
}

static void add_user(int64_t id, const char *first, const char *last, const char *email, int org,
		     int64_t roles)
{
	char name[96];

	snprintf(name, sizeof(name), "%s %s", first, last);
	user_names[nusers++] = strdup(name);
	row(T_USERS,
	    (struct val[]){VI(id), VT(email), VT(name), VT(orgs[org].language), VT(orgs[org].zone),
			   VT(places[org * 3 % COUNT(places)]), VI(roles), VI(org_ids[org]),
			   VI(now_ms - 3LL * 366 * 86400000), VI(now_ms - 3LL * 366 * 86400000)});
}

static void make_desk(void)
{
	int64_t org0 = db_int("SELECT coalesce(max(id), 0) FROM organisations");
	int64_t user0 = db_int("SELECT coalesce(max(id), 0) FROM users");
	int64_t group0 = db_int("SELECT coalesce(max(id), 0) FROM assignment_groups");
	int64_t cat0 = db_int("SELECT coalesce(max(id), 0) FROM categories");
	int64_t bench = db_int("SELECT id FROM users WHERE email = '" BENCH_AGENT "'");
	int64_t t0 = now_ms - 3LL * 366 * 86400000;

	user_names = xmalloc(sizeof(char *) * (NREQUESTERS + NAGENTS + 1));
	for (int i = 0; i < COUNT(orgs); i++) {
		org_ids[i] = org0 + 1 + i;
		row(T_ORGS, (struct val[]){VI(org_ids[i]), VT(orgs[i].name), VT(""),
					   VT(orgs[i].domain), VI(i == 4), VI(t0), VI(t0)});
	}
	int64_t uid = user0;
	for (int i = 0; i < NREQUESTERS; i++) {
		const char *first = first_names[i % COUNT(first_names)];
		const char *last = last_names[(i * 5 + i / COUNT(first_names)) % COUNT(last_names)];
		int org = i % COUNT(orgs);
		requesters[i] = (struct person){++uid, first};
		char *email = email_of(first, last, uid, orgs[org].domain);
		add_user(uid, first, last, email, org, 1);
		free(email);
	}
	for (int i = 0; i <= NAGENTS; i++) {
		const char *first = first_names[(i * 7 + 3) % COUNT(first_names)];
		const char *last = last_names[(i * 11 + 5) % COUNT(last_names)];
		if (i == NAGENTS && bench) {
			agents[i] = (struct person){bench, "Bench"};
			continue;
		}
		agents[i] = (struct person){++uid, i == NAGENTS ? "Bench" : first};
		char *email = i == NAGENTS ? strdup(BENCH_AGENT)
					   : email_of(first, last, uid, "it.nordhavn.example");
		add_user(uid, i == NAGENTS ? "Bench" : first, i == NAGENTS ? "Agent" : last, email,
			 0, i < 2 ? 2 | 4 : 2);
		free(email);
	}
	for (int g = 0; g < NGROUPS; g++) {
		char email[64], *o = email;
		group_ids[g] = group0 + 1 + g;
		for (const char *p = group_names[g]; *p; p++)
			if (isalpha((unsigned char)*p))
				*o++ = (char)tolower((unsigned char)*p);
		snprintf(o, sizeof(email) - (size_t)(o - email), "@it.nordhavn.example");
		row(T_GROUPS, (struct val[]){VI(group_ids[g]), VT(group_names[g]), VT(""),
					     VT(email), VI(t0), VI(t0)});
	}
	for (int i = 0; i <= NAGENTS; i++) {
		for (int g = 0; g < NGROUPS; g++) {
			bool in = i == NAGENTS ? g < 3
					       : g == i % NGROUPS ||
							 (i % 3 == 0 && g == (i + 3) % NGROUPS);
			if (!in)
				continue;
			members[g][nmembers[g]++] = i;
			row(T_MEMBERS, (struct val[]){VI(group_ids[g]), VI(agents[i].id)});
		}
	}
	int64_t cid = cat0;
	for (int c = 0; c < COUNT(categories); c++) {
		int64_t parent = ++cid;
		category_ids[c * 4] = parent;
		row(T_CATEGORIES,
		    (struct val[]){VI(parent), VT(categories[c][0]), VN, VI(t0), VI(t0)});
		for (int k = 1; k < 4; k++) {
			category_ids[c * 4 + k] = ++cid;
			row(T_CATEGORIES, (struct val[]){VI(cid), VT(categories[c][k]), VI(parent),
							 VI(t0), VI(t0)});
		}
	}
	/* Who raises the most tickets is not who came first. */
	requester_rank = xmalloc(sizeof(int) * NREQUESTERS);
	for (int i = 0; i < NREQUESTERS; i++)
		requester_rank[i] = i;
	for (int i = NREQUESTERS - 1; i > 0; i--) {
		int j = below(i + 1), t = requester_rank[i];
		requester_rank[i] = requester_rank[j];
		requester_rank[j] = t;
	}
}

/* ---- tickets ------------------------------------------------------------- */

enum { S_NEW, S_ASSIGNED, S_IN_PROGRESS, S_PENDING, S_RESOLVED, S_CLOSED, S_CANCELLED };
static const char *const status_names[] = {"new",      "assigned", "in_progress", "pending",
					   "resolved", "closed",   "cancelled"};
/* By age: under 2 days, 2-7 days, 7-30 days, older. Resolved tickets close
 * themselves after 7 days (reopen_days), so none is older. */
static const double status_weights[4][7] = {
	{22, 25, 25, 10, 13, 3, 2},
	{2, 8, 14, 14, 50, 6, 6},
	{0.5, 2, 3, 3, 0, 86.5, 5},
	{0.02, 0.05, 0.06, 0.07, 0, 94.8, 5},
};
static const double reply_weights[] = {35, 35, 20, 10}; /* 1-4 replies */
static const double sentence_weights[] = {20, 30, 25, 12, 8, 5};
static const double impact_weights[] = {5, 25, 70};
static const double urgency_weights[] = {5, 30, 65};

#define HOUR_MS 3600000LL
#define DAY_MS	(24 * HOUR_MS)

struct pending_text {
	int64_t key, ticket;
	bool internal;
	size_t off, len;
};

static struct pending_text *ptickets, *pcomments;
static size_t nptickets, npcomments, cap_pcomments;
static struct sbuf batch_text;

static int64_t first_ticket, ntickets, first_comment, ncomments, nwatchers;
static int64_t next_number[2] = {1000, 1000}; /* INC, REQ */
static struct sbuf title, desc, body, notes, tags;

static void keep_text(bool comment, int64_t key, int64_t ticket, bool internal, const char *s,
		      size_t n)
{
	struct pending_text p = {key, ticket, internal, batch_text.n, n};

	sb_add(&batch_text, s, n);
	if (!comment) {
		ptickets[nptickets++] = p;
		return;
	}
	if (npcomments == cap_pcomments) {
		cap_pcomments = cap_pcomments ? cap_pcomments * 2 : 4 * BATCH;
		pcomments = xrealloc(pcomments, sizeof(*pcomments) * cap_pcomments);
	}
	pcomments[npcomments++] = p;
}

static void text_row(const struct pending_text *p)
{
	row(T_TEXT, (struct val[]){VI(p->key), VTN(batch_text.p + p->off, p->len), VI(p->ticket),
				   VI(p->internal)});
}

/* The index rows of a batch, in rowid order (FTS5 writes a segment
 * whenever a rowid is not above the last): the comments' negative keys
 * first, newest comment first, then the tickets. */
static void end_batch(void)
{
	for (size_t i = npcomments; i-- > 0;)
		text_row(&pcomments[i]);
	for (size_t i = 0; i < nptickets; i++)
		text_row(&ptickets[i]);
	nptickets = npcomments = 0;
	batch_text.n = 0;
	if (!on_pg)
		lite_exec("COMMIT; BEGIN");
}

/* Hours, log-uniform between 0.3 and 100. */
static int64_t work_time(void)
{
	return (int64_t)(pow(10, -0.5 + 2.5 * unit()) * (double)HOUR_MS);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void make_ticket(int64_t i, int64_t n)
{
	const int64_t span = 3LL * 365 * DAY_MS - HOUR_MS;
	int64_t id = first_ticket + i;
	int64_t created =
		now_ms - span + (int64_t)(((double)i + unit()) * (double)span / (double)n);
	const struct title *tt = &titles[zipf_pick(&z_titles)];
	double age = (double)(now_ms - created) / DAY_MS;
	int status = weighted(status_weights[age < 2 ? 0 : age < 7 ? 1 : age < 30 ? 2 : 3], 7);
	int group = chance(0.12) ? G_DESK : tt->group;
	bool grouped = !(status == S_NEW && chance(0.3));
	const struct person *req = &requesters[requester_rank[zipf_pick(&z_requesters)]];
	int agent = members[group][below(nmembers[group])];
	bool assigned = status != S_NEW && !(status == S_CANCELLED && chance(0.5));
	struct people who = {req->first, agents[agent].first};
	char number[32];

	snprintf(number, sizeof(number), "%s-%lld", tt->request ? "REQ" : "INC",
		 (long long)next_number[tt->request]++);
	title.n = desc.n = notes.n = tags.n = 0;
	expand(&title, tt->text, &who);
	title.p[0] = (char)toupper((unsigned char)title.p[0]);
	for (int k = weighted(sentence_weights, COUNT(sentence_weights)); k >= 0; k--) {
		if (desc.n)
			sb_char(&desc, ' ');
		expand(&desc, sentences[zipf_pick(&z_sentences)], &who);
	}
	if (chance(0.08)) /* a pasted mail or log */
		for (int k = 1 + below(4); k > 0; k--) {
			sb_str(&desc, "\n\n");
			expand(&desc, "{Z} {C} {Z} {H} {Z}.", &who);
		}
	int impact = 1 + weighted(impact_weights, 3), urgency = 1 + weighted(urgency_weights, 3);
	int64_t category = chance(0.1) ? 0 : category_ids[zipf_pick(&z_categories)];
	const char *service = chance(0.4) ? NULL : services[zipf_pick(&z_services)];
	if (chance(0.2)) {
		int a = below(COUNT(tag_names)), b = below(COUNT(tag_names));
		sb_char(&tags, ',');
		sb_str(&tags, tag_names[a]);
		sb_char(&tags, ',');
		if (b != a && chance(0.3)) {
			sb_str(&tags, tag_names[b]);
			sb_char(&tags, ',');
		}
	}

	/* Times: replies between creation and the end of the work. */
	int64_t resolved = 0, closed = 0, end = now_ms - 60000, work = work_time();
	if (tt->request)
		work *= 2;
	if (status == S_RESOLVED || status == S_CLOSED) {
		resolved = created + work;
		if (resolved >= now_ms - 120000)
			resolved =
				created + (int64_t)((double)(now_ms - 120000 - created) * unit());
		end = resolved;
	}
	if (status == S_CLOSED) {
		closed = resolved + (chance(0.8) ? 7 * DAY_MS : work / 4);
		if (closed >= now_ms - 60000)
			closed = resolved + (int64_t)((double)(now_ms - 60000 - resolved) * unit());
	}
	if (status == S_CANCELLED)
		end = created + (int64_t)((double)(end - created) * unit() * 0.5);
	int nreplies = 1 + weighted(reply_weights, 4);
	int64_t at[4], updated = created, first_response = 0;
	for (int k = 0; k < nreplies; k++)
		at[k] = created + 1000 + (int64_t)((double)(end - created - 1000) * unit());
	qsort(at, (size_t)nreplies, sizeof(at[0]), cmp_i64);
	bool agent_turn = chance(0.75);
	for (int k = 0; k < nreplies; k++) {
		bool internal = chance(0.2);
		int64_t cid = first_comment + ncomments++;
		int64_t author;
		body.n = 0;
		if (internal) {
			author = agents[agent].id;
			expand(&body, work_notes[below(COUNT(work_notes))], &who);
		} else if (agent_turn) {
			author = agents[agent].id;
			expand(&body, agent_replies[below(COUNT(agent_replies))], &who);
			if (!first_response)
				first_response = at[k];
			agent_turn = false;
		} else {
			author = req->id;
			expand(&body, requester_replies[below(COUNT(requester_replies))], &who);
			agent_turn = true;
		}
		row(T_COMMENTS, (struct val[]){VI(cid), VI(id), VI(author),
					       VT(internal ? "internal" : "public"),
					       VTN(body.p, body.n), VI(at[k])});
		keep_text(true, -cid, id, internal, body.p, body.n);
		count_words(body.p, body.n, id);
		updated = at[k];
	}
	if (resolved > updated)
		updated = resolved;
	if (closed > updated)
		updated = closed;

	const char *code = NULL;
	if (resolved) {
		code = resolution_codes[weighted(resolution_weights, COUNT(resolution_weights))];
		expand(&notes, resolutions[below(COUNT(resolutions))], &who);
	}
	int reassigned = assigned && chance(0.2) ? 1 + (chance(0.25) ? 1 : 0) : 0;
	int escalated = assigned && chance(0.05);
	static const int status_version[] = {1, 2, 3, 4, 4, 5, 2};
	int64_t version = status_version[status] + reassigned + escalated + (first_response != 0);
	row(T_TICKETS,
	    (struct val[]){
		    VI(id),
		    VT(number),
		    VT(tt->request ? "request" : "incident"),
		    VTN(title.p, title.n),
		    VTN(desc.p, desc.n),
		    VT(status_names[status]),
		    status == S_PENDING
			    ? VT(pending_reasons[weighted((const double[]){60, 25, 15}, 3)])
			    : VN,
		    VI(impact),
		    VI(urgency),
		    VI(impact + urgency - 1),
		    VO(category),
		    service ? VT(service) : VN,
		    VI(req->id),
		    VI(org_ids[(req - requesters) % COUNT(orgs)]),
		    VT(channels[weighted(channel_weights, COUNT(channel_weights))]),
		    grouped ? VI(group_ids[group]) : VN,
		    assigned ? VI(agents[agent].id) : VN,
		    VTN(tags.p ? tags.p : "", tags.n),
		    code ? VT(code) : VN,
		    code ? VTN(notes.p, notes.n) : VN,
		    VI(reassigned),
		    VI(escalated),
		    VO(first_response),
		    VO(resolved),
		    VO(closed),
		    VI(version),
		    VI(created),
		    VI(updated),
	    });
	if (chance(0.05)) {
		const struct person *w = &requesters[below(NREQUESTERS)];
		if (w != req) {
			row(T_WATCHERS, (struct val[]){VI(id), VI(w->id)});
			nwatchers++;
		}
	}
	/* The ticket's own index row: "number title description". */
	body.n = 0;
	sb_str(&body, number);
	sb_char(&body, ' ');
	sb_add(&body, title.p, title.n);
	sb_char(&body, ' ');
	sb_add(&body, desc.p, desc.n);
	keep_text(false, id, id, false, body.p, body.n);
	count_words(body.p, body.n, id);
}

/* ---- the load ------------------------------------------------------------- */

static void init_zipf(void)
{
	zipf_init(&z_apps, COUNT(apps), 1.0);
	zipf_init(&z_devices, COUNT(devices), 1.0);
	zipf_init(&z_symptoms, COUNT(symptoms), 0.8);
	zipf_init(&z_places, COUNT(places), 0.8);
	zipf_init(&z_resources, COUNT(resources), 1.0);
	zipf_init(&z_actions, COUNT(actions), 0.8);
	zipf_init(&z_requests, COUNT(requests), 0.8);
	zipf_init(&z_fixes, COUNT(fixes), 0.8);
	zipf_init(&z_whens, COUNT(whens), 0.8);
	zipf_init(&z_words, COUNT(words), 1.0);
	zipf_init(&z_errors, NERRORS, 1.0);
	zipf_init(&z_hosts, NHOSTS, 1.0);
	zipf_init(&z_assets, NASSETS, 0.9);
	zipf_init(&z_kbs, NKBS, 1.0);
	zipf_init(&z_titles, COUNT(titles), 0.7);
	zipf_init(&z_sentences, COUNT(sentences), 0.6);
	zipf_init(&z_requesters, NREQUESTERS, 0.7);
	zipf_init(&z_categories, COUNT(category_ids), 0.8);
	zipf_init(&z_services, COUNT(services), 0.8);
}

static void open_sqlite(const char *path)
{
	if (sqlite3_open_v2(path, &lite, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("sqlite: cannot open %s: %s", path, sqlite3_errmsg(lite));
	/* A failed load is thrown away, so no journal and no syncs. */
	lite_exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
		  " PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -1048576;"
		  " PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF");
}

static void open_pg(void)
{
	pg_main = pg_connect();
	pg_exec(pg_main, "SET session_replication_role = replica");
	pg_exec(pg_main, "SET synchronous_commit = off");
	pg_exec(pg_main, "SET maintenance_work_mem = '512MB'");
}

static void set_counters(void)
{
	char sql[160];

	for (int k = 0; k < 2; k++) {
		snprintf(sql, sizeof(sql),
			 "UPDATE ticket_counters SET next = %lld WHERE prefix = '%s'",
			 (long long)next_number[k], k ? "REQ" : "INC");
		if (on_pg)
			pg_exec(pg_main, sql);
		else
			lite_exec(sql);
	}
}

static void finish_sqlite(void)
{
	double t0 = now_s();

	lite_exec("COMMIT");
	for (int i = 0; i < NTABLES; i++)
		sqlite3_finalize(lite_ins[i]);
	set_counters();
	for (int i = 0; i < nindex; i++)
		lite_exec(index_sql[i]);
	fprintf(stderr, "gen: indexes built in %.1f s\n", now_s() - t0);
	t0 = now_s();
	/* Back to FTS5's default for Loket's own small transactions. */
	lite_exec("DELETE FROM ticket_text_config WHERE k = 'hashsize'");
	/* What PRAGMA optimize leaves after Loket has run a while. */
	lite_exec("ANALYZE");
	lite_exec("PRAGMA locking_mode = NORMAL");
	lite_exec("PRAGMA journal_mode = WAL");
	if (sqlite3_close(lite) != SQLITE_OK)
		die("sqlite: close: %s", sqlite3_errmsg(lite));
	fprintf(stderr, "gen: analysed in %.1f s\n", now_s() - t0);
}

static void finish_pg(void)
{
	static const char *const text_old[] = {
		"INSERT INTO ticket_text (row_key, ticket_id, internal, doc) SELECT row_key,"
		" ticket_id, internal, to_tsvector('simple', body) FROM bench_text WHERE row_key < "
		"0"};
	static const char *const text_new[] = {
		"INSERT INTO ticket_text (row_key, ticket_id, internal, doc) SELECT row_key,"
		" ticket_id, internal, to_tsvector('simple', body) FROM bench_text WHERE row_key > "
		"0"};
	static const char *const vacuum_a[] = {"VACUUM ANALYZE ticket_text"};
	static const char *const vacuum_b[] = {
		"VACUUM ANALYZE tickets",	  "VACUUM ANALYZE ticket_comments",
		"VACUUM ANALYZE ticket_watchers", "VACUUM ANALYZE users",
		"VACUUM ANALYZE group_members",	  "VACUUM ANALYZE assignment_groups",
		"VACUUM ANALYZE organisations",	  "VACUUM ANALYZE categories",
		"VACUUM ANALYZE ticket_counters",
	};
	static const char *const tables_with_ids[] = {"organisations",	   "users",
						      "assignment_groups", "categories",
						      "tickets",	   "ticket_comments"};
	const char *gin[32], *btree[32];
	int ngin = 0, nbtree = 0;
	double t0 = now_s();

	for (int t = 0; t < NTABLES; t++)
		pg_end_copy((enum table)t);
	fprintf(stderr, "gen: COPY done in %.1f s\n", now_s() - t0);
	t0 = now_s();
	pg_parallel(text_old, 1, text_new, 1);
	pg_exec(pg_main, "DROP TABLE bench_text");
	fprintf(stderr, "gen: to_tsvector done in %.1f s\n", now_s() - t0);
	t0 = now_s();
	for (int i = 0; i < nindex; i++) {
		if (strstr(index_sql[i], "USING gin"))
			gin[ngin++] = index_sql[i];
		else
			btree[nbtree++] = index_sql[i];
	}
	pg_parallel(gin, ngin, btree, nbtree);
	fprintf(stderr, "gen: indexes built in %.1f s\n", now_s() - t0);
	t0 = now_s();
	set_counters();
	for (int i = 0; i < COUNT(tables_with_ids); i++) {
		char sql[256];
		snprintf(sql, sizeof(sql),
			 "SELECT setval(pg_get_serial_sequence('%s', 'id'), m) FROM"
			 " (SELECT max(id) AS m FROM %s) s WHERE m IS NOT NULL",
			 tables_with_ids[i], tables_with_ids[i]);
		pg_exec(pg_main, sql);
	}
	pg_parallel(vacuum_a, COUNT(vacuum_a), vacuum_b, COUNT(vacuum_b));
	pg_exec(pg_main, "CHECKPOINT");
	PQfinish(pg_main);
	fprintf(stderr, "gen: vacuumed and analysed in %.1f s\n", now_s() - t0);
}

static void progress(int64_t done, int64_t n, double t0, bool last)
{
	static double shown;
	static bool tty = false, checked = false;
	double t = now_s();

	if (!checked) {
		tty = isatty(2);
		checked = true;
	}
	if (!last && t - shown < (tty ? 0.5 : 10))
		return;
	shown = t;
	fprintf(stderr, "%sgen: %lld of %lld tickets (%.0f%%), %lld replies, %.0f tickets/s%s",
		tty ? "\r" : "", (long long)done, (long long)n, 100.0 * (double)done / (double)n,
		(long long)ncomments, (double)done / (t - t0 > 1e-3 ? t - t0 : 1e-3),
		tty && !last ? "   " : "\n");
}

int main(int argc, char **argv)
{
	if (argc != 5 || (strcmp(argv[1], "sqlite") && strcmp(argv[1], "postgres")))
		die("usage: gen_tickets sqlite|postgres FILE|URL N OUT");
	int64_t n = strtoll(argv[3], NULL, 10);
	if (n < 1 || n > 100000000)
		die("N must be between 1 and 100000000");
	FILE *out = fopen(argv[4], "w");
	if (!out)
		die("cannot write %s", argv[4]);
	double start = now_s();

	on_pg = !strcmp(argv[1], "postgres");
	now_ms = (int64_t)time(NULL) * 1000;
	rng_seed(20261123);
	init_zipf();
	if (on_pg) {
		pg_url = argv[2];
		open_pg();
	} else {
		open_sqlite(argv[2]);
	}
	if (db_int("SELECT count(*) FROM tickets") > 0)
		die("the database has tickets already: give it a freshly migrated one");
	first_ticket = 1 + db_int("SELECT coalesce(max(id), 0) FROM tickets");
	first_comment = 1 + db_int("SELECT coalesce(max(id), 0) FROM ticket_comments");
	next_number[0] = db_int("SELECT next FROM ticket_counters WHERE prefix = 'INC'");
	next_number[1] = db_int("SELECT next FROM ticket_counters WHERE prefix = 'REQ'");
	drop_indexes();
	if (on_pg) {
		pg_exec(pg_main, "CREATE UNLOGGED TABLE bench_text (row_key BIGINT, body TEXT,"
				 " ticket_id BIGINT, internal INTEGER)");
	} else {
		/* One FTS5 segment per transaction rather than one per megabyte. */
		lite_exec("INSERT INTO ticket_text (ticket_text, rank) VALUES ('hashsize', "
			  "268435456)");
		lite_exec("BEGIN");
	}
	make_desk();
	ptickets = xmalloc(sizeof(*ptickets) * BATCH);

	double t0 = now_s();
	for (int64_t i = 0; i < n; i++) {
		make_ticket(i, n);
		ntickets++;
		if (ntickets % BATCH == 0 || i + 1 == n)
			end_batch();
		if (!(i & 1023))
			progress(i, n, t0, false);
	}
	progress(n, n, t0, true);
	if (on_pg)
		finish_pg();
	else
		finish_sqlite();

	const struct word_entry *common = pick_word(0.25, n, true);
	const struct word_entry *medium = pick_word(0.02, n, true);
	const struct word_entry *rare = pick_word(0.0002, n, false);
	fprintf(out, "tickets %lld\nfirst_ticket %lld\nlast_ticket %lld\nreplies %lld\n",
		(long long)n, (long long)first_ticket, (long long)(first_ticket + n - 1),
		(long long)ncomments);
	fprintf(out, "watchers %lld\nusers %d\nagent %s\ngroups", (long long)nwatchers,
		NREQUESTERS + NAGENTS + 1, BENCH_AGENT);
	for (int g = 0; g < NGROUPS; g++)
		fprintf(out, " %lld", (long long)group_ids[g]);
	fprintf(out, "\n");
	const struct word_entry *picked[] = {common, medium, rare};
	const char *const classes[] = {"common", "medium", "rare"};
	for (int k = 0; k < 3; k++)
		if (picked[k])
			fprintf(out, "word_%s %.*s %lld\n", classes[k], (int)picked[k]->len,
				wtext.p + picked[k]->off, (long long)picked[k]->tickets);
	fprintf(out, "seconds %.1f\n", now_s() - start);
	if (fclose(out))
		die("cannot write %s", argv[4]);
	fprintf(stderr, "gen: %lld tickets, %lld replies in %.1f s\n", (long long)n,
		(long long)ncomments, now_s() - start);
	return 0;
}
