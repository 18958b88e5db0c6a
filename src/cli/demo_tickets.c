/* The demo's tickets: three months of a municipality's and a school's IT
 * desk, so that a new user sees a living queue rather than an empty one.
 *
 * Each ticket is first planned as a story (who raised it, who picked it up,
 * replies, work notes, waits, escalations, the resolution) and then played
 * through the store in the order it happened, with st->now and st->actor_id
 * set to the moment and the person of each step, mirroring the rules of
 * api/tickets.c and api/conversation.c. Steps that would lie in the future
 * are not played, which is what leaves the recent tickets open.
 *
 * Time is counted in business seconds (weekdays 07:00-16:00 UTC, office
 * hours in Amsterdam give or take the summer hour) and measured back from
 * now. The seed and the plan do not depend on the date, so every start
 * loads the same tickets with the same stories; only the dates move along
 * (and with them which resolved tickets have already closed themselves). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ticket.h"
#include "store/tickets.h"
#include "util/xalloc.h"

enum { NTICKETS = 360, MAX_AGENTS = 16, MAX_REQUESTERS = 64, MAX_STEPS = 32 };
enum { MIN = 60, HOUR = 3600, BDAY = 9 * HOUR, OPEN_AT = 7 * HOUR };
/* The first Monday of the epoch: business days are counted from it. */
enum { MONDAY = 4 * 86400 };
/* How far back the first ticket goes: 62 business days, under 90 calendar
 * days. The newest came in through the portal ten minutes ago, so that the
 * queue always has a ticket nobody has picked up yet (the quickest triage,
 * of a P2, takes twelve). */
enum { SPAN = 62 * BDAY, NEWEST = 10 * MIN };
/* Longer than any ticket is old: see long_wait_at(). */
enum { LONG_WAIT = 70 * BDAY };
/* The defaults of the settings reopen_days and jobs_interval (here in ms),
 * which the demo does not see; with other settings the job itself closes
 * what is due at its first pass. */
enum { REOPEN_DAYS = 7, JOB_PASS_MS = 60000 };
/* Any seed gives much the same desk; tests/api/demo.test.mjs checks that
 * this one has every state and an open ticket in every group. */
enum { SEED = 20240611 };

/* The groups as demo.c creates them. */
enum { SD, NW, WP, APP, NGROUPS };
static const char *const group_names[NGROUPS] = {"Service desk", "Network", "Workplace",
						 "Applications"};

/* Who serves the requester: the one organisation or the other (demo.c
 * creates the municipality first), or either. */
enum { MUNI, SCHOOL, EITHER };

/* How a ticket reaches the group that resolves it: the service desk
 * resolves it; the desk's triage sends it there straight away; or the desk
 * works on it first and then escalates functionally. */
enum route { DESK, ROUTED, ESCALATED };

/* The pending reason a ticket of the kind tends to wait for: an index into
 * tkt_pending_reasons[], or NO_WAIT. */
enum { W_REQUESTER, W_SUPPLIER, W_CHANGE, NO_WAIT };

/* What {} in a template's texts stands for. */
enum detail { D_NONE, D_WHERE, D_PRINTER, D_APP, D_STARTER, D_LEAVER, D_MAILBOX, D_FOLDER, D_TEAM };

struct tmpl {
	char type;	     /* 'I' incident, 'R' service request */
	unsigned char org;   /* MUNI, SCHOOL or EITHER */
	unsigned char home;  /* the group that resolves it */
	unsigned char route; /* enum route */
	unsigned char impact, urgency;
	unsigned char wait;   /* W_* */
	unsigned char detail; /* enum detail */
	unsigned char weight; /* how often, relative to its kind; 0: a major incident */
	unsigned char nl;     /* written in Dutch */
	const char *code;     /* the resolution code; NULL: by type */
	const char *service, *title, *desc;
	const char *reply; /* the desk's first public reply */
	const char *note;  /* a work note */
	const char *fix;   /* the resolution notes */
	const char *why;   /* the reason for the functional escalation */
};

#define I 'I'
#define R 'R'

static const struct tmpl tmpls[] = {
	/* --- incidents --- */
	{I, EITHER, WP, ROUTED, 3, 2, W_SUPPLIER, D_PRINTER, 6, 0, NULL, "Printing",
	 "Printer {} jams on every job",
	 "Every print job on {} stops with a paper jam in tray 2, even after I took all the"
	 " paper out and put it back. The whole corridor uses this printer.",
	 "Thanks for reporting. Someone from Workplace will come and look at {} today.",
	 "Printer log shows repeated J-0102 errors (tray 2 pickup). Probably a worn roller; none"
	 " in stock.",
	 "Replaced the worn pickup roller in tray 2 and cleaned the paper path; 50 test pages"
	 " without a jam.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 3, W_REQUESTER, D_PRINTER, 5, 0, NULL, "Printing",
	 "Cannot print to {} from my laptop",
	 "When I print to {} the job disappears from the queue but nothing comes out. Colleagues"
	 " can print fine.",
	 "Thanks. Could you restart your laptop once? If that doesn't help we'll take a look"
	 " remotely.",
	 "The laptop's print queue is stuck on an old driver after the latest Windows update.",
	 "Removed the printer, cleared the spooler and added {} again from the print server; the"
	 " test page printed.",
	 NULL},
	{I, MUNI, SD, DESK, 3, 1, W_REQUESTER, D_NONE, 6, 0, "user_error", "Accounts",
	 "Account locked after changing my password",
	 "I changed my password yesterday and this morning my account is locked. I can't log in"
	 " to my PC or to Outlook.",
	 "We've unlocked your account. It may lock again if a device still has your old"
	 " password; we're checking which one.",
	 "Sign-in logs show 30 failed attempts from the requester's phone (mail app) with the"
	 " old password.",
	 "Account unlocked. The old password was still saved in the mail app on the phone;"
	 " removed it and signed in again together with the requester.",
	 NULL},
	{I, EITHER, NW, ESCALATED, 3, 2, W_CHANGE, D_NONE, 6, 0, NULL, "VPN",
	 "VPN disconnects every few minutes when working from home",
	 "Since Monday the VPN drops every 5 to 10 minutes. I have to reconnect each time, which"
	 " makes video calls and the file share impossible.",
	 "Thanks for the details. We'll check your VPN client first and then the connection"
	 " logs.",
	 "Client is on the current version; reinstalled the profile, same result. Home internet"
	 " is fine (speed test 200 Mbit/s).",
	 "The VPN profile's MTU was too high for the requester's internet provider. Lowered it"
	 " to 1380 and pushed the profile; stable for three days.",
	 "Not the client: the VPN logs show the tunnel renegotiating every few minutes for this"
	 " user. Network, please check the VPN concentrator."},
	{I, MUNI, NW, ESCALATED, 2, 2, W_CHANGE, D_WHERE, 5, 0, NULL, "Wi-Fi",
	 "Wi-Fi in {} keeps dropping",
	 "Several of us in {} lose the Wi-Fi connection a few times an hour. Teams calls freeze"
	 " and then drop.",
	 "Thanks. We're collecting which laptops are affected; could you note the time when it"
	 " happens next?",
	 "Four laptops of different models affected, all in the same place. Not a driver issue.",
	 "The access point in {} had fallen back to 2.4 GHz after a firmware fault. Updated the"
	 " firmware and rebooted it; no drops since.",
	 "Several users in one location: looks like an access point. Network, please check the"
	 " controller."},
	{I, SCHOOL, NW, ESCALATED, 2, 2, W_CHANGE, D_WHERE, 4, 0, NULL, "Wi-Fi",
	 "Wi-Fi in {} is too slow to use during lessons",
	 "When a class of 30 students logs in to their Chromebooks in {}, nothing loads anymore."
	 " The test in Magister had to be postponed.",
	 "Sorry for the disruption. We'll look at the Wi-Fi in {}; in which lesson hours is it"
	 " worst?",
	 "Speed test in the room: 3 Mbit/s with a class logged in, 180 Mbit/s after school.",
	 "Channel overlap with the access point in the next room. Moved it to channel 44 and"
	 " limited the guest network; a full class now gets about 40 Mbit/s each.",
	 "A capacity problem in one room, not the devices. Network, please check the access"
	 " point and the channel plan."},
	{I, EITHER, SD, DESK, 2, 2, W_REQUESTER, D_NONE, 5, 0, NULL, "Security",
	 "Phishing mail: \"Your mailbox is full\" with a link to log in",
	 "I got an e-mail saying my mailbox is full and I must log in via a link to keep"
	 " receiving mail. It has our logo but the sender looks strange. I did not click.",
	 "Thank you for reporting this, and for not clicking. We're removing the message from"
	 " everyone's mailbox.",
	 "The same message reached 14 mailboxes. Sign-in logs checked: nobody entered their"
	 " password.",
	 "Message purged from all mailboxes with a compliance search and the sender's domain"
	 " blocked.",
	 NULL},
	{I, EITHER, SD, DESK, 2, 1, NO_WAIT, D_NONE, 3, 0, NULL, "Security",
	 "I entered my password on a suspicious website",
	 "I clicked a link in an e-mail about a shared document and typed my password before I"
	 " realised it was not our login page. What should I do?",
	 "Thanks for telling us straight away. We're resetting your password and signing you out"
	 " everywhere now; please stay reachable.",
	 "One sign-in attempt from an unknown address abroad 20 minutes after the click, blocked"
	 " by MFA.",
	 "Password reset, all sessions revoked and MFA registered again. No successful sign-ins"
	 " by the attacker; no inbox rules were added.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 5, 0, NULL, "E-mail (Outlook)",
	 "Outlook keeps asking for my password",
	 "Every few minutes Outlook shows a login window. When I enter my password it goes away"
	 " and comes back later.",
	 "Thanks. We'd like to look at your Outlook profile remotely; when suits you?",
	 "Credential manager holds two stale tokens from before the tenant was renamed.",
	 "Cleared the cached credentials and rebuilt the Outlook profile; no more prompts after"
	 " a day.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 4, 0, NULL, "Microsoft Teams",
	 "Camera not working in Teams meetings",
	 "In Teams my camera shows a black picture. It doesn't work in the Camera app either.",
	 "Thanks. Some laptops have a small privacy slider above the screen; could you check"
	 " that it is open?",
	 "Device manager shows the camera disabled since the last driver update.",
	 "Rolled back the camera driver and held back the faulty update for this model; the"
	 " camera works in Teams.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 3, 0, NULL, "Microsoft Teams",
	 "Cannot share my screen in Teams",
	 "When I click Share in a Teams meeting nothing happens. Others can share fine.",
	 "Thanks for the report. Do you use the Teams app or Teams in the browser?",
	 "Requester is on a MacBook with the new Teams app; screen recording permission missing.",
	 "Gave Teams screen recording permission in the macOS privacy settings and restarted"
	 " Teams; sharing works.",
	 NULL},
	{I, MUNI, APP, ESCALATED, 2, 2, W_SUPPLIER, D_NONE, 4, 0, NULL, "Zaaksysteem",
	 "Zaaksysteem: error 500 when saving a case",
	 "When I save a case of the type 'omgevingsvergunning' I get 'Error 500'. My colleagues"
	 " in Vergunningen have the same problem since this morning.",
	 "Thanks, we can reproduce it and are looking into it with priority.",
	 "Reproduced with a test account; only the case type 'omgevingsvergunning' is affected.",
	 "The document template for 'omgevingsvergunning' referred to a field the supplier"
	 " removed in last night's update. Template repaired and cache cleared; saving works.",
	 "A server-side error for one case type and all users. Applications, please check the"
	 " Zaaksysteem back end and its log."},
	{I, MUNI, APP, ESCALATED, 1, 1, NO_WAIT, D_NONE, 0, 0, NULL, "Zaaksysteem",
	 "Zaaksysteem unavailable for everyone",
	 "Nobody can open the Zaaksysteem; the page keeps loading and then times out. The front"
	 " office cannot help citizens.",
	 "We know about it and handle it as a major incident. We'll post an update here every 30"
	 " minutes.",
	 "Application server does not answer; monitoring shows its disk at 100% since 08:12.",
	 "The application server's disk had filled up with debug logs after the last update."
	 " Logs rotated, debug logging switched off and a disk alert added at 80%.",
	 "The whole organisation is affected and the cause is on the application server."
	 " Applications takes over as owner of the major incident."},
	{I, SCHOOL, NW, ESCALATED, 1, 1, NO_WAIT, D_NONE, 0, 0, NULL, "Network",
	 "Internet down in the whole school",
	 "Since 10:15 nothing works: no internet, no Magister, no Teams. Exams start at 13:00 in"
	 " the gym.",
	 "We're on it as a major incident and will keep you posted here and by phone.",
	 "Core switch reachable, uplink to the fibre provider down. The provider's status page"
	 " shows a regional fault.",
	 "The fibre provider had a regional outage, restored at 12:05. A 4G backup line will be"
	 " added so that exams do not depend on one line.",
	 "The fibre line is down; Network handles it with the provider."},
	{I, MUNI, WP, ROUTED, 3, 2, W_SUPPLIER, D_WHERE, 3, 0, NULL, "Building access",
	 "Badge reader at {} does not open the door",
	 "The badge reader at the staff entrance of {} shows a red light for everyone. We have"
	 " to wait until someone opens the door from inside.",
	 "Thanks. We've asked facilities to keep an eye on the door while we look at the reader.",
	 "The reader does not answer on the access control network; its controller shows it"
	 " offline.",
	 "The reader's controller had crashed; power-cycled it, and the supplier replaced the"
	 " reader under warranty.",
	 NULL},
	{I, SCHOOL, WP, ROUTED, 3, 1, W_SUPPLIER, D_WHERE, 5, 0, NULL, "Audio-visual",
	 "Projector in {} shows no image",
	 "The projector in {} turns on but says 'no signal', with my laptop and with the"
	 " classroom PC. I have lessons there all day.",
	 "Thanks. Someone from Workplace will come to {} during the next break.",
	 "Tried another laptop and cable at the desk: still no signal. The fault is between the"
	 " wall plate and the projector.",
	 "The HDMI cable from the wall plate to the projector was damaged above the ceiling."
	 " Replaced it; the image is fine.",
	 NULL},
	{I, SCHOOL, WP, ROUTED, 3, 2, W_SUPPLIER, D_WHERE, 3, 0, NULL, "Audio-visual",
	 "Touch screen in {} does not respond",
	 "The interactive screen in {} no longer responds to touch or the pen. I can only use it"
	 " as a normal screen.",
	 "Thanks. We'll check the screen in {} today.",
	 "The touch controller is detected over USB, but its calibration was lost with the"
	 " firmware update.",
	 "Recalibrated the touch screen and updated its driver on the classroom PC; touch and"
	 " pen work again.",
	 NULL},
	{I, SCHOOL, APP, ESCALATED, 3, 2, W_REQUESTER, D_NONE, 3, 0, NULL, "Magister",
	 "Magister: grades of class 3B not visible to students",
	 "I entered the grades of last week's test for class 3B, but the students and their"
	 " parents don't see them.",
	 "Thanks. We'll check the settings of class 3B in Magister.",
	 "The grades are there in the teacher's view; students see an empty column for this"
	 " period.",
	 "Class 3B was still linked to last year's period in Magister. Corrected the link;"
	 " students and parents see the grades.",
	 "A configuration issue in Magister, not permissions on our side. Applications, please"
	 " check the periods of class 3B."},
	{I, SCHOOL, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 4, 1, NULL, "Accounts",
	 "Leerling kan niet inloggen op Chromebook",
	 "Een leerling uit 2A krijgt bij het inloggen op de Chromebook de melding dat het"
	 " account is uitgeschakeld. Gisteren werkte het nog.",
	 "Bedankt voor de melding. We kijken naar het account; kun je de naam van de leerling"
	 " doorgeven?",
	 "Account uitgeschakeld door de nachtelijke synchronisatie met Magister: de leerling"
	 " stond als uitgestroomd.",
	 "De leerling stond in Magister per abuis als uitgestroomd. Gecorrigeerd en het account"
	 " weer ingeschakeld; inloggen werkt.",
	 NULL},
	{I, EITHER, WP, ROUTED, 3, 1, W_REQUESTER, D_NONE, 4, 0, NULL, "Workplace hardware",
	 "Laptop will not start after a Windows update",
	 "My laptop restarted for an update last night and now shows a blue screen asking for a"
	 " recovery key.",
	 "Thanks. That is BitLocker asking for its key; we'll help you at the desk or over the"
	 " phone.",
	 "BitLocker recovery after a firmware update. Key found in Intune.",
	 "Entered the BitLocker recovery key, finished the update and suspended BitLocker for"
	 " the next firmware update.",
	 NULL},
	{I, EITHER, WP, ROUTED, 3, 2, W_SUPPLIER, D_NONE, 2, 0, NULL, "Workplace hardware",
	 "Laptop battery is swollen",
	 "The bottom of my laptop bulges and the touchpad is hard to click. It gets warm.",
	 "Please stop using the laptop and unplug it. We'll give you a loan laptop today.",
	 "Swollen battery confirmed. The laptop is under warranty; opened a case with the"
	 " supplier.",
	 "The supplier replaced the battery under warranty. Loan laptop returned and data"
	 " checked.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 3, W_REQUESTER, D_NONE, 4, 0, NULL, "Workplace hardware",
	 "Second monitor not detected in the docking station",
	 "My second screen stays black when I put my laptop in the docking station. The first"
	 " screen works.",
	 "Thanks. Could you try another cable or port, and tell us the docking station's model"
	 " from the label?",
	 "The docking station runs old firmware, a known issue with the new laptop models.",
	 "Updated the docking station's firmware; both monitors are detected.", NULL},
	{I, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 4, 0, NULL, "OneDrive",
	 "OneDrive stopped syncing",
	 "OneDrive shows a red cross and my files from yesterday are not on my other PC.",
	 "Thanks. We'll look at your OneDrive remotely; please leave the laptop switched on.",
	 "Sync is stuck on a file with a path longer than 400 characters.",
	 "Shortened the path of the offending file and reset the OneDrive client; all files are"
	 " up to date.",
	 NULL},
	{I, MUNI, NW, ESCALATED, 2, 1, NO_WAIT, D_WHERE, 2, 0, NULL, "Network",
	 "No network in {}: whole floor affected",
	 "Since about 9 o'clock nobody in {} has network on their docking stations. Wi-Fi still"
	 " works, but it is very slow.",
	 "Thanks, we can see the problem and are working on it.",
	 "All ports on one switch stack are down; the rest of the building is fine.",
	 "The switch stack lost power during maintenance on the electrical installation. Power"
	 " restored and the switches checked.",
	 "A switch stack in one location is down. Network, please take over."},
	{I, MUNI, NW, ESCALATED, 2, 1, W_SUPPLIER, D_NONE, 2, 0, NULL, "Telephony",
	 "Calls to the KCC phone number are not coming through",
	 "Citizens calling our main number hear a busy tone. The customer contact centre has had"
	 " no calls since 8:30.",
	 "Thanks; we're looking into it now and will let the communication team know.",
	 "Calls from a mobile to the main number get a busy tone; internal calls work.",
	 "The SIP trunk's registration had expired after the provider changed a certificate."
	 " Registered it again; calls come in. The provider will warn us before such changes.",
	 "The SIP trunk to the telephony provider is down; Network manages it with the provider."},
	{I, EITHER, SD, DESK, 3, 3, W_REQUESTER, D_MAILBOX, 4, 0, NULL, "E-mail (Outlook)",
	 "Shared mailbox {} not showing in Outlook",
	 "I used to see the shared mailbox {} in Outlook, but since yesterday it is gone.",
	 "Thanks. We'll check your access to {}.",
	 "The permissions are still there; automapping was lost when the profile was migrated.",
	 "Added {} again with automapping; it shows in Outlook again.", NULL},
	{I, MUNI, APP, ESCALATED, 3, 2, W_CHANGE, D_NONE, 2, 0, NULL, "E-mail (Outlook)",
	 "E-mails to the water board bounce",
	 "Everything I send to our contacts at the regional water board comes back with '550"
	 " 5.7.1 message rejected'.",
	 "Thanks. Could you forward one of the bounce messages to us as an attachment?",
	 "The bounce shows a DMARC failure for mail sent through the new mailing service.",
	 "The new mailing service signed mail without our DKIM key. Added the DKIM record and"
	 " aligned the sender; mail is delivered again.",
	 "Mail authentication (DKIM/DMARC) for our domain is the Applications team's. Please"
	 " check our DNS records."},
	{I, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 3, 0, "workaround", "Microsoft Office",
	 "Excel crashes when opening a large workbook",
	 "Excel closes without an error when I open the budget workbook (about 40 MB). Smaller"
	 " files are fine.",
	 "Thanks. Could you tell us where the workbook is, so that we can try it ourselves?",
	 "Crashes only with the PDF add-in enabled; reproduced on a test laptop.",
	 "Disabled the PDF add-in, which crashes on large workbooks; Excel opens the file. The"
	 " supplier is working on a fix.",
	 NULL},
	{I, EITHER, WP, ROUTED, 3, 3, NO_WAIT, D_NONE, 3, 0, NULL, "Workplace hardware",
	 "Wireless keyboard and mouse stopped working",
	 "My wireless keyboard and mouse don't respond anymore. New batteries didn't help.",
	 "Thanks. We'll bring you a replacement set.",
	 "The USB receiver lost its pairing; the set is old.",
	 "Replaced the keyboard and mouse with a new set.", NULL},
	{I, MUNI, WP, ROUTED, 2, 1, NO_WAIT, D_NONE, 2, 0, NULL, "Audio-visual",
	 "Livestream of the council meeting has no sound",
	 "At the sound check the livestream of tonight's council meeting in the Raadzaal has no"
	 " sound. The meeting starts at 19:30.",
	 "Thanks. Someone from Workplace is on the way to the Raadzaal.",
	 "The mixer's output is fine; no audio arrives at the streaming encoder.",
	 "The audio cable from the mixer to the streaming encoder was in the wrong input after"
	 " the last meeting. Corrected and labelled; the test stream has sound.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 2, NO_WAIT, D_NONE, 4, 1, NULL, "Accounts",
	 "Wachtwoord vergeten, kan niet inloggen op Microsoft 365",
	 "Ik ben mijn wachtwoord vergeten en de zelfservice-reset vraagt om een telefoonnummer"
	 " dat ik niet meer heb.",
	 "Bedankt voor je bericht. We bellen je zo om je identiteit te controleren en je"
	 " wachtwoord te resetten.",
	 "Identiteit gecontroleerd via de teamleider. Het oude mobiele nummer stond nog als"
	 " herstelmethode.",
	 "Wachtwoord gereset en het nieuwe mobiele nummer als herstelmethode ingesteld. Inloggen"
	 " werkt weer.",
	 NULL},
	{I, MUNI, WP, ROUTED, 3, 2, W_SUPPLIER, D_PRINTER, 3, 1, NULL, "Printing",
	 "Printer {} print alleen lege pagina's",
	 "Alles wat ik naar {} stuur komt er blanco uit. Volgens het display is de toner nog"
	 " halfvol.",
	 "Dank voor de melding. Een collega van Werkplek komt vandaag bij {} kijken.",
	 "Drumeenheid defect (ook de testpagina is blanco). Nieuwe drum besteld bij de"
	 " leverancier.",
	 "Drumeenheid vervangen; testpagina en kopieën zijn weer in orde.", NULL},
	{I, SCHOOL, WP, ROUTED, 3, 1, W_SUPPLIER, D_WHERE, 3, 1, NULL, "Audio-visual",
	 "Beamer in {} geeft geen beeld",
	 "De beamer in {} gaat aan maar het beeld blijft blauw. Ik heb de hele ochtend les in"
	 " dit lokaal.",
	 "Bedankt, we komen in de pauze langs in {}.",
	 "Lamp aan het einde van zijn levensduur (ruim 4000 uur). Geen reservelamp op voorraad.",
	 "Nieuwe lamp geplaatst en de lampteller gereset; het beeld is weer helder.", NULL},
	{I, EITHER, SD, DESK, 3, 2, NO_WAIT, D_NONE, 4, 0, NULL, "Accounts",
	 "New phone: can't sign in because of MFA",
	 "I have a new phone and the Authenticator app on it doesn't have my account. Now I"
	 " can't log in on my laptop.",
	 "Thanks. We'll reset your MFA registration after a short identity check; we'll call"
	 " you.",
	 "Identity checked by calling back the number in the HR system.",
	 "MFA registration reset; the requester registered the Authenticator app on the new"
	 " phone and signed in.",
	 NULL},
	{I, MUNI, APP, ESCALATED, 3, 2, W_SUPPLIER, D_NONE, 2, 0, NULL, "GIS",
	 "GIS viewer loads no map layers",
	 "The GIS viewer opens but the map stays empty. I need it to check a permit application"
	 " today.",
	 "Thanks. We're checking whether this affects everyone.",
	 "Map tile requests fail with a certificate error, for every user.",
	 "The map service's certificate had expired. Renewed it and added it to the certificate"
	 " expiry monitoring.",
	 "The map service runs on the GIS server, which Applications manages."},
	{I, SCHOOL, APP, ESCALATED, 2, 1, W_SUPPLIER, D_NONE, 2, 0, NULL, "Exam software",
	 "Exam software won't start on the exam laptops",
	 "We're setting up the laptops for tomorrow's exam and the exam software says 'licence"
	 " not valid' on every one of them.",
	 "Thanks. We know the exam is tomorrow; we're on it.",
	 "The licence server is reachable; its licence file expired last Friday.",
	 "The supplier sent a new licence file; installed it on the licence server and tested"
	 " three exam laptops.",
	 "Licensing of the exam software is with Applications and the supplier."},
	{I, EITHER, SD, DESK, 3, 3, NO_WAIT, D_NONE, 3, 0, "no_action_needed", "Security",
	 "Is this e-mail about my payslip genuine?",
	 "I received an e-mail asking me to confirm my bank details for my payslip. Is this"
	 " real?",
	 "Thanks for checking with us first. We're looking at the message.",
	 "Sent from the HR system's real address; DKIM and SPF pass. HR confirms they sent it.",
	 "The message is genuine: HR asked everyone to check their bank details in the HR"
	 " portal. No action needed from IT.",
	 NULL},
	{I, SCHOOL, SD, DESK, 3, 2, W_REQUESTER, D_NONE, 2, 0, NULL, "Microsoft Teams",
	 "Students cannot join my Teams class",
	 "Half of my students in class 4H get 'you don't have access' when they open the class"
	 " team.",
	 "Thanks. We'll compare the team's members with the class list in Magister.",
	 "The team's members were synced from last year's class list; the new students are"
	 " missing.",
	 "Ran the class sync from Magister again for 4H; all students are members and can open"
	 " the team.",
	 NULL},
	{I, MUNI, WP, ROUTED, 2, 2, NO_WAIT, D_NONE, 2, 0, NULL, "Workplace hardware",
	 "Passport photo scanner at the front office not recognised",
	 "At counter 3 of the front office the passport photo scanner is no longer recognised."
	 " Citizens are waiting.",
	 "Thanks. We're sending someone to counter 3 straight away.",
	 "The scanner works on another PC; its driver is missing since the PC was reinstalled.",
	 "Installed the scanner driver and the scanner module of the Burgerzaken application on"
	 " the PC at counter 3.",
	 NULL},
	{I, EITHER, SD, DESK, 3, 3, W_REQUESTER, D_NONE, 2, 0, NULL, "Software",
	 "PDF files open in the browser instead of Acrobat",
	 "Since the update my PDF files open in Edge and I can't use my stamps and signatures.",
	 "Thanks. We'll set Acrobat back as your default for PDF files.",
	 "The update reset the default apps for everyone on the new image.",
	 "Set Adobe Acrobat as the default for PDF files by policy; the requester's stamps are"
	 " available again.",
	 NULL},
	{I, MUNI, NW, ESCALATED, 3, 2, W_CHANGE, D_NONE, 2, 0, NULL, "Network",
	 "TenderNed doesn't load from the office",
	 "The national tenders website TenderNed doesn't load from the office; from home it"
	 " works. I need to submit a tender document this week.",
	 "Thanks. We'll check whether our web filter blocks it.",
	 "The web filter log shows the site blocked as 'uncategorised'.",
	 "Allowed the site in the web filter; it loads from the office.",
	 "The web filter policy is Network's. Please check the category of this site."},

	/* --- service requests --- */
	{R, EITHER, WP, ROUTED, 3, 2, W_REQUESTER, D_STARTER, 6, 0, NULL, "Onboarding",
	 "New starter: laptop and account for {}",
	 "{} joins our team on the first of next month. Please prepare a laptop, an account and"
	 " access to the team's shared folder.",
	 "Thanks. We'll prepare everything and let you know when the laptop can be picked up.",
	 "Account created from the team's role template. Laptop taken from stock and enrolled in"
	 " Intune.",
	 "Account created and laptop prepared; handed over to {} with a short introduction."
	 " Welcome e-mail sent with the first login details.",
	 NULL},
	{R, EITHER, APP, ROUTED, 3, 3, W_REQUESTER, D_APP, 6, 0, NULL, "Software",
	 "Software request: {}",
	 "I'd like {} installed on my laptop for my work. My manager agrees.",
	 "Thanks. We'll check the licences for {} and ask your manager to approve.",
	 "Licence available in the pool; the manager's approval came in by e-mail.",
	 "{} installed through the company portal and a licence assigned.", NULL},
	{R, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_MAILBOX, 5, 0, NULL, "E-mail (Outlook)",
	 "Access to the shared mailbox {}",
	 "I've joined the team that handles {}. Could I get access to it?",
	 "Thanks. We've asked the owner of {} to approve your access.",
	 "The owner approved by e-mail.",
	 "Full access and send-as rights to {} granted; it appears in Outlook within an hour.",
	 NULL},
	{R, EITHER, SD, DESK, 3, 2, W_REQUESTER, D_FOLDER, 4, 0, NULL, "File shares",
	 "Access to the folder {} on the file share",
	 "For my work I need read and write access to the folder {}.",
	 "Thanks. We'll ask the folder's owner for approval.",
	 "The owner approved; added to the folder's access group.",
	 "Added to the access group of {}; sign out and in again to see the folder.", NULL},
	{R, EITHER, SD, DESK, 3, 2, NO_WAIT, D_LEAVER, 3, 0, NULL, "Offboarding",
	 "Leaver: close the account of {}",
	 "{} leaves us at the end of this week. Please close the account and collect the laptop"
	 " and phone.",
	 "Thanks. We'll close the account at the end of the last working day.",
	 "Mailbox to become a shared mailbox for the manager for three months.",
	 "Account of {} disabled, mailbox converted to a shared mailbox for the manager, laptop"
	 " and phone returned and wiped.",
	 NULL},
	{R, MUNI, WP, ROUTED, 3, 3, W_SUPPLIER, D_NONE, 3, 0, NULL, "Workplace hardware",
	 "Extra monitor for my workstation",
	 "I work with two applications side by side all day. Could I get a second monitor?",
	 "Thanks. We'll check the stock and let you know when we can bring it.",
	 "No monitors of the standard model in stock; ordered two.",
	 "Second monitor delivered and installed at the requester's workstation.", NULL},
	{R, MUNI, NW, ROUTED, 3, 3, W_CHANGE, D_NONE, 2, 0, NULL, "Network",
	 "Firewall opening for the parking sensor supplier",
	 "Our new parking sensor supplier needs to reach the sensor gateway from their network."
	 " Their IP addresses are in the attached document.",
	 "Thanks. This needs a change; we'll plan it for the next maintenance window.",
	 "Change prepared: allow the supplier's two IP addresses to the sensor gateway on port"
	 " 443 only.",
	 "Change made in the maintenance window; the supplier confirmed they reach the gateway.",
	 NULL},
	{R, MUNI, NW, ROUTED, 3, 3, W_CHANGE, D_WHERE, 3, 0, NULL, "Network",
	 "Network outlet for a new workplace in {}",
	 "We're adding two desks in {}. The wall outlets there are not connected; could they be"
	 " patched to the office network?",
	 "Thanks. Patching new outlets is a change to the network; we'll plan it with the next"
	 " batch.",
	 "Outlets 2.31 and 2.32 are free in the patch panel; switch ports available.",
	 "Outlets patched to the office network and tested with a laptop; both desks work.", NULL},
	{R, SCHOOL, NW, ROUTED, 3, 2, W_CHANGE, D_NONE, 2, 0, NULL, "Network",
	 "Block a gaming website on the student network",
	 "Students play an online game during lessons on their Chromebooks. Could the site be"
	 " blocked on the student Wi-Fi?",
	 "Thanks. A change to the web filter goes through the change process; we'll plan it.",
	 "Site and its game servers identified; the block applies to the student network only.",
	 "The site is blocked on the student network from 8:00 to 17:00; the staff network is"
	 " unchanged.",
	 NULL},
	{R, EITHER, WP, ROUTED, 3, 3, W_SUPPLIER, D_NONE, 3, 0, NULL, "Workplace hardware",
	 "Replacement for my five-year-old laptop",
	 "My laptop is five years old, takes minutes to start and the battery lasts an hour. Is"
	 " it due for replacement?",
	 "Thanks. It is due; we'll order a new one from the framework supplier.",
	 "Asset LT-1874, bought five years ago: due for replacement. Ordered a standard model.",
	 "New laptop handed over, files moved from OneDrive; the old one is wiped for recycling.",
	 NULL},
	{R, EITHER, NW, ROUTED, 3, 3, W_REQUESTER, D_WHERE, 3, 0, NULL, "Wi-Fi",
	 "Guest Wi-Fi for an event in {}",
	 "On Thursday we have about 60 visitors in {} who need Wi-Fi. Could you arrange guest"
	 " access?",
	 "Thanks. We'll create an event code for the guest network.",
	 "Event code valid on Thursday from 8:00 to 22:00 for 80 devices.",
	 "Event code for the guest network created and sent to the requester with instructions"
	 " for the visitors.",
	 NULL},
	{R, MUNI, WP, ROUTED, 3, 3, W_SUPPLIER, D_NONE, 2, 0, NULL, "Telephony",
	 "Mobile phone for a new team leader",
	 "Our new team leader starts next week and needs a work phone with the standard apps.",
	 "Thanks. We'll order the phone and let you know when it arrives.",
	 "Ordered from the framework supplier; expected in five working days.",
	 "Phone enrolled in Intune with the standard apps and handed over to the team leader.",
	 NULL},
	{R, EITHER, SD, DESK, 3, 3, W_REQUESTER, D_TEAM, 3, 0, NULL, "Microsoft Teams",
	 "New Teams team for {}", "Could you create a Teams team for {}? I'd like to be its owner.",
	 "Thanks. We'll create the team and make you its owner.",
	 "Checked the naming policy; there is no team with this name yet.",
	 "Team for {} created with the requester as owner, who can add members.", NULL},
	{R, SCHOOL, WP, ROUTED, 3, 2, W_REQUESTER, D_NONE, 2, 0, NULL, "Workplace hardware",
	 "30 Chromebooks for the exam week",
	 "For the exam week we need a cart with 30 Chromebooks in the gym, charged and in exam"
	 " mode.",
	 "Thanks. We'll reserve a cart and put the Chromebooks in exam mode.",
	 "Cart 3 reserved; exam mode profile pushed.",
	 "A cart with 30 charged Chromebooks in exam mode delivered to the gym.", NULL},
	{R, SCHOOL, SD, DESK, 3, 2, W_REQUESTER, D_STARTER, 2, 0, NULL, "Accounts",
	 "Accounts for new teacher {}",
	 "{} starts as a maths teacher after the holiday. Please create an account and Magister"
	 " access.",
	 "Thanks. We'll create the accounts once HR has registered the contract.",
	 "The contract is in the HR system; account created.",
	 "Account for {} created and Magister access as a teacher added; login details sent to"
	 " the team leader.",
	 NULL},
	{R, MUNI, SD, DESK, 3, 3, NO_WAIT, D_NONE, 2, 0, NULL, "E-mail (Outlook)",
	 "Distribution list for the Omgevingswet project team",
	 "Please create a distribution list for the Omgevingswet project team with the twelve"
	 " people in the attached list.",
	 "Thanks. We'll create the list today.",
	 "Checked the twelve names in the directory; one has left, asked the requester.",
	 "Distribution list created with eleven members; the requester manages it.", NULL},
	{R, EITHER, WP, ROUTED, 3, 3, NO_WAIT, D_PRINTER, 3, 0, NULL, "Printing", "Toner for {}",
	 "Printer {} says the black toner is almost empty. Could you bring a new cartridge?",
	 "Thanks. We'll bring one today.", "Toner taken from stock; ordered two more.",
	 "New toner cartridge placed in {}.", NULL},
	{R, MUNI, WP, ROUTED, 3, 3, NO_WAIT, D_NONE, 2, 0, NULL, "Workplace hardware",
	 "Headset for Teams calls",
	 "I take a lot of calls in Teams; could I get a headset with noise cancelling?",
	 "Thanks. We'll bring a headset from stock.", "Standard headset model in stock.",
	 "Headset delivered and tested in a Teams call.", NULL},
	{R, MUNI, APP, ROUTED, 3, 3, W_REQUESTER, D_NONE, 3, 0, NULL, "Zaaksysteem",
	 "Zaaksysteem account for a new colleague",
	 "Our new colleague in Vergunningen needs an account in the Zaaksysteem with the role"
	 " 'behandelaar'.",
	 "Thanks. We'll create the account; could you confirm the role with the team leader?",
	 "The team leader confirmed the role 'behandelaar'.",
	 "Zaaksysteem account created with the role 'behandelaar'; login through single sign-on.",
	 NULL},
	{R, SCHOOL, APP, ROUTED, 3, 3, W_REQUESTER, D_NONE, 2, 0, NULL, "Magister",
	 "Magister rights as mentor of class 2C",
	 "I'm the new mentor of class 2C. Could I get mentor rights in Magister?",
	 "Thanks. We'll add the rights once the team leader confirms.",
	 "The team leader confirmed.", "Mentor rights for class 2C added in Magister.", NULL},
	{R, MUNI, WP, ROUTED, 3, 3, W_REQUESTER, D_STARTER, 2, 0, NULL, "Building access",
	 "Access badge for {}",
	 "{} starts next week and needs a badge for the Stadhuis and the Stadswerf.",
	 "Thanks. We'll make the badge; please send us a passport photo of {}.",
	 "Photo received; badge printed with the standard access profile.",
	 "Badge for {} ready at the reception, with access to the Stadhuis and the Stadswerf.",
	 NULL},
	{R, EITHER, NW, ROUTED, 3, 3, W_REQUESTER, D_NONE, 3, 0, NULL, "VPN",
	 "VPN access to work from home",
	 "From now on I'll work from home two days a week. Could I get VPN access?",
	 "Thanks. We need your manager's approval; could you ask them to reply on this ticket?",
	 "The manager approved. Added to the VPN access group.",
	 "Added to the VPN access group and installed the VPN profile on the laptop; tested from"
	 " the guest network.",
	 NULL},
	{R, SCHOOL, WP, ROUTED, 3, 2, NO_WAIT, D_NONE, 2, 1, NULL, "Audio-visual",
	 "Microfoons en presentatieclicker voor de ouderavond",
	 "Voor de ouderavond van donderdag in de aula hebben we twee draadloze microfoons en een"
	 " presentatieclicker nodig.",
	 "Bedankt! We zetten de spullen woensdagmiddag klaar in de aula.",
	 "Microfoons getest en de batterijen vervangen.",
	 "Twee microfoons en een clicker klaargezet in de aula en na afloop opgehaald.", NULL},
	{R, MUNI, APP, ROUTED, 3, 3, W_REQUESTER, D_NONE, 2, 1, NULL, "Software",
	 "Toegang tot het Power BI-rapport van Financiën",
	 "Voor de kwartaalrapportage heb ik leesrechten nodig op het Power BI-rapport van"
	 " Financiën.",
	 "Bedankt. We vragen de eigenaar van het rapport om akkoord.",
	 "De eigenaar (de concerncontroller) heeft akkoord gegeven.",
	 "Leesrechten op het rapport toegekend via de groep PBI-Financien-lezers.", NULL},
};

#undef I
#undef R

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* What {} stands for, by enum detail, for the municipality and the school. */
static const char *const where[2][8] = {
	{"the Stadhuis, 2nd floor", "the Publiekshal", "the Stadswerf", "the Raadzaal",
	 "the Stadhuis, 3rd floor", "the library in Oosterwijk", "De Brug",
	 "the Stadhuis, 1st floor"},
	{"room B2.07", "room A1.12", "the gym", "the science lab C0.04", "the library",
	 "room A2.03", "the staff room", "the art room D1.01"},
};
static const char *const printers[2][8] = {
	{"MFP-STH-2.14", "MFP-STH-0.03", "MFP-STH-3.08", "MFP-WRF-01", "MFP-BRG-01", "MFP-STH-1.02",
	 "MFP-BIB-01", "MFP-STH-2.30"},
	{"MFP-NHC-A1", "MFP-NHC-B2", "MFP-NHC-DOC", "MFP-NHC-C0", "MFP-NHC-A2", "MFP-NHC-MED",
	 "MFP-NHC-B1", "MFP-NHC-ADM"},
};
static const char *const apps[2][8] = {
	{"Adobe Acrobat Pro", "Microsoft Visio", "QGIS", "Power BI Desktop", "ArcGIS Pro",
	 "Notepad++", "Microsoft Project", "Camtasia"},
	{"GeoGebra", "Audacity", "Thonny", "Adobe Photoshop", "Scratch", "MuseScore", "SketchUp",
	 "Microsoft Visio"},
};
static const char *const starters[2][8] = {
	{"Lieke Smeets", "Ahmed Benali", "Jorien Kramer", "Tim Brouwers", "Sofie Claes",
	 "Hamza Yilmaz", "Anouk Veenstra", "Bas Hoekstra"},
	{"Noor Visscher", "Dirk Schipper", "Sanne Kuiper", "Mehmet Aydin", "Fenna Bakker",
	 "Luuk Janssen", "Iris de Wit", "Jasper Verbeek"},
};
static const char *const leavers[2][8] = {
	{"Gerard Wolters", "Ineke Bosch", "Peter van Dam", "Marieke Jonker", "Ronald Smits",
	 "Yvonne Laan", "Hans Boer", "Carla Mertens"},
	{"Wim Hofman", "Els Groot", "Frank Peeters", "Annemiek Roos", "Kees van Wijk",
	 "Greet Dekkers", "Jeroen Vink", "Monique Blom"},
};
static const char *const mailboxes[2][8] = {
	{"vergunningen@zuiderveld.example", "kcc@zuiderveld.example",
	 "subsidies@zuiderveld.example", "griffie@zuiderveld.example",
	 "belastingen@zuiderveld.example", "wmo@zuiderveld.example", "inkoop@zuiderveld.example",
	 "communicatie@zuiderveld.example"},
	{"administratie@noorderhaven.example", "examens@noorderhaven.example",
	 "ouders@noorderhaven.example", "stage@noorderhaven.example",
	 "roosters@noorderhaven.example", "zorg@noorderhaven.example",
	 "directie@noorderhaven.example", "mediatheek@noorderhaven.example"},
};
static const char *const folders[2][8] = {
	{"Omgevingswet", "Financien\\Begroting", "Vergunningen\\Archief", "HR\\Verzuim",
	 "Communicatie\\Persberichten", "Sociaal domein\\Wmo", "Openbare ruimte\\Projecten",
	 "Griffie\\Raadsstukken"},
	{"Sectie Wiskunde", "Examencommissie", "Mentoren bovenbouw", "Sectie Nederlands",
	 "Zorgteam", "Roosters", "Sectie Biologie", "Ouderraad"},
};
static const char *const teams[2][8] = {
	{"the Omgevingswet project", "Wijkteam Oost", "the new cemetery project",
	 "Energietransitie", "the Koningsdag organisation", "the cycle path project",
	 "the budget team", "Wijkteam Noord"},
	{"the Year 4 mentors", "the school musical", "the exam committee", "the Erasmus exchange",
	 "the sports day", "the open day", "the student council", "the Science Fair"},
};
static const char *const (*const details[])[8] = {
	[D_WHERE] = where,    [D_PRINTER] = printers,  [D_APP] = apps,	     [D_STARTER] = starters,
	[D_LEAVER] = leavers, [D_MAILBOX] = mailboxes, [D_FOLDER] = folders, [D_TEAM] = teams,
};

/* What the desk and the requesters say when the template does not. [0] is
 * English, [1] Dutch. */
struct exchange {
	const char *ask, *answer;
};
static const struct exchange asks[][2] = {
	{{"Could you send us a screenshot of the error and the time it happened?",
	  "Here is the screenshot; it happened at about twenty to ten this morning."},
	 {"Kun je een schermafbeelding van de foutmelding sturen, met het tijdstip?",
	  "Zie de bijlage; het gebeurde vanochtend rond negen uur."}},
	{{"Could you tell us the asset tag on the sticker under your laptop? It starts with LT-.",
	  "The sticker says LT-2291."},
	 {"Kun je het nummer op de sticker onder je laptop doorgeven? Het begint met LT-.",
	  "Er staat LT-3107 op."}},
	{{"We'd like to look at it in a remote session. When suits you?",
	  "Tomorrow after two o'clock works for me."},
	 {"We willen graag even meekijken op afstand. Wanneer komt het je uit?",
	  "Morgen na tweeën kan ik."}},
	{{"Could you try once more after a restart and tell us whether it still happens?",
	  "I restarted it, and it still happens."},
	 {"Kun je het na een herstart nog een keer proberen en laten weten of het nog gebeurt?",
	  "Herstart, en het gebeurt nog steeds."}},
	{{"We need your manager's approval for this. Could you ask them to reply here or by"
	  " e-mail?",
	  "My manager approved it by e-mail just now."},
	 {"Hiervoor hebben we akkoord van je leidinggevende nodig. Wil je die vragen hier te"
	  " reageren?",
	  "Mijn leidinggevende heeft net per mail akkoord gegeven."}},
};
/* Waiting on a supplier or a change: what the requester is told, and the
 * work note when the wait is over. */
static const struct exchange waits[][2] = {
	[W_SUPPLIER] = {{"We've ordered a part from the supplier; it should arrive within a week."
			 " We'll keep you posted.",
			 "The part arrived from the supplier; fitting it today."},
			{"We hebben een onderdeel besteld bij de leverancier; dat is er naar"
			 " verwachting binnen een week.",
			 "Onderdeel binnen van de leverancier; vandaag plaatsen."}},
	[W_CHANGE] = {{"This needs a change to our configuration, which we'll make in the next"
		       " maintenance window (Thursday evening).",
		       "Change made in Thursday's maintenance window; checking the result."},
		      {"Hiervoor is een wijziging nodig, die we in het eerstvolgende"
		       " onderhoudsvenster (donderdagavond) doorvoeren.",
		       "Wijziging doorgevoerd in het onderhoudsvenster; resultaat controleren."}},
};
static const char *const pickups[] = {
	"Picked up. Looking at the logs on our side.",
	"On it; I'll update the ticket as soon as we know more.",
	"Taking this one. Reproduced it with a test account.",
};
static const char *const handovers[] = {
	"Taking this over: my colleague is on leave for the rest of the week.",
	"Taking this over to balance the queue; I've read the notes so far.",
};
/* Why a manager is told: [org][] for a P1 or P2. */
static const char *const to_manager[2][2] = {
	{"Major incident: the department head has to be informed.",
	 "Affects citizens at the front office; informing the manager as the major-incident"
	 " procedure says."},
	{"Lessons are disrupted; the manager informs the school's management.",
	 "Affects exams; informing the manager as agreed with the school."},
};
static const char *const complaints[] = {
	"The requester has complained about how long this takes; asking the manager to look at"
	" it.",
	"Second time this month for the same user; the manager decides about a replacement.",
};
static const char *const thanks[2][3] = {
	{"Works again, thank you!", "Thanks for the quick help.", "All good now, thanks."},
	{"Bedankt, het werkt weer!", "Dank voor de snelle hulp.", "Top, alles doet het weer."},
};
static const char *const cancels[2][2] = {
	{"Please cancel this; it works again after a restart.",
	 "Cancelled as you asked. Raise a new ticket if it comes back."},
	{"Graag annuleren, het werkt inmiddels weer.",
	 "Geannuleerd op je verzoek. Meld het opnieuw als het terugkomt."},
};
static const char *const reopens[2][3] = {
	{"Sorry, the problem is back since this morning.",
	 "Thanks for letting us know; we're looking at it again.", "The first fix did not hold. "},
	{"Het probleem is helaas terug sinds vanochtend.", "Dank je, we kijken er opnieuw naar.",
	 "De eerste oplossing hield geen stand. "},
};
static const char *const overrides[2] = {
	"The council meeting tonight depends on it.",
	"Exams start tomorrow morning.",
};
static const char *const duplicate_notes[2] = {
	"Same problem as a ticket a colleague raised earlier; solved there.",
	"Zelfde probleem als een eerdere melding van een collega; daar opgelost.",
};
static const char *const unreproducible_notes[2] = {
	"Could not reproduce it in a remote session with the requester; everything works now."
	" Please raise a new ticket if it happens again.",
	"Niet te reproduceren tijdens een sessie op afstand; alles werkt nu. Meld het opnieuw"
	" als het terugkomt.",
};

/* --- a fixed seed --- */

struct rng {
	uint64_t s;
};

/* splitmix64: integer only, so the demo is the same on every machine. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* From lo up to, not including, hi. */
static int64_t rng_between(struct rng *r, int64_t lo, int64_t hi)
{
	return hi > lo ? lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo)) : lo;
}

static bool rng_pct(struct rng *r, int pct)
{
	return rng_between(r, 0, 100) < pct;
}

/* --- business time --- */

/* An instant as business seconds since MONDAY: evenings and weekends do not
 * count, so an instant in them maps to the next opening. */
static int64_t biz_of(int64_t ms)
{
	int64_t s = ms / 1000 - MONDAY, day = s / 86400, sod = s % 86400;
	int64_t week = day / 7, dow = day % 7;

	if (dow >= 5)
		return (week * 5 + 5) * BDAY;
	if (sod < OPEN_AT)
		return (week * 5 + dow) * BDAY;
	if (sod >= OPEN_AT + BDAY)
		return (week * 5 + dow + 1) * BDAY;
	return (week * 5 + dow) * BDAY + sod - OPEN_AT;
}

/* The instant, in epoch ms, of a business second. */
static int64_t ms_of(int64_t biz)
{
	int64_t day = biz / BDAY, week = day / 5, dow = day % 5;

	return (MONDAY + (week * 7 + dow) * 86400 + OPEN_AT + biz % BDAY) * 1000;
}

/* --- the people --- */

struct cast {
	int64_t group[NGROUPS];
	int64_t agent[NGROUPS][MAX_AGENTS];
	int nagent[NGROUPS];
	int64_t requester[2][MAX_REQUESTERS];
	int nrequester[2];
	int64_t org[2];
	int64_t manager;
	int64_t favourite[2]; /* the demo's requester logins get more tickets */
};

static bool has_role(const struct view *user, const char *role)
{
	const struct view *roles = view_get(user, "roles");

	for (const struct view_item *it = roles ? roles->u.list.head : NULL; it; it = it->next)
		if (!strcmp(it->val->u.str.s, role))
			return true;
	return false;
}

/* One page holds them all: the demo has four groups and fifty people. */
static int list_all(struct store *st, const struct record_def *d, struct view **items,
		    struct loket_err *err)
{
	struct list_query q = {.limit = 1000};
	const char *next;

	return store_record_list(st, d, &q, items, &next, err);
}

static int cast_groups(struct store *st, struct cast *c, struct loket_err *err)
{
	struct view *items;
	int rc = list_all(st, &record_groups, &items, err);

	for (const struct view_item *it = rc ? NULL : items->u.list.head; it; it = it->next)
		for (int g = 0; g < NGROUPS; g++)
			if (!strcmp(view_get_str(it->val, "name"), group_names[g]))
				c->group[g] = view_get(it->val, "id")->u.i;
	for (int g = 0; !rc && g < NGROUPS; g++)
		if (!c->group[g])
			rc = loket_err_set(err, LOKET_EINTERNAL, NULL, "demo: no group %s",
					   group_names[g]);
	return rc;
}

static int cast_orgs(struct store *st, struct cast *c, struct loket_err *err)
{
	struct view *items;
	int rc = list_all(st, &record_organisations, &items, err), n = 0;

	for (const struct view_item *it = rc ? NULL : items->u.list.head; it && n < 2;
	     it = it->next)
		c->org[n++] = view_get(it->val, "id")->u.i;
	if (!rc && n < 2)
		rc = loket_err_set(err, LOKET_EINTERNAL, NULL, "demo: two organisations needed");
	return rc;
}

/* Agents are who may be assigned in their groups; the administrator and
 * the managers lead rather than take tickets. */
static void cast_agent(struct cast *c, const struct view *u, int64_t id)
{
	const struct view *gids = view_get(u, "group_ids");

	if (!has_role(u, "agent") || has_role(u, "admin") || has_role(u, "manager"))
		return;
	for (const struct view_item *g = gids->u.list.head; g; g = g->next)
		for (int i = 0; i < NGROUPS; i++)
			if (g->val->u.i == c->group[i] && c->nagent[i] < MAX_AGENTS)
				c->agent[i][c->nagent[i]++] = id;
}

static int org_index(const struct cast *c, const struct view *u)
{
	const struct view *org = view_get(u, "organisation_id");

	for (int o = 0; org && org->kind == VIEW_INT && o < 2; o++)
		if (org->u.i == c->org[o])
			return o;
	return -1;
}

static void cast_user(struct cast *c, const struct view *u)
{
	static const char *const favourites[2] = {"user@zuiderveld.example",
						  "teacher@noorderhaven.example"};
	int64_t id = view_get(u, "id")->u.i;
	int o = org_index(c, u);

	if (has_role(u, "manager") && has_role(u, "agent") && !c->manager)
		c->manager = id;
	cast_agent(c, u, id);
	if (o < 0 || !has_role(u, "requester") || c->nrequester[o] >= MAX_REQUESTERS)
		return;
	c->requester[o][c->nrequester[o]++] = id;
	if (!strcmp(view_get_str(u, "email"), favourites[o]))
		c->favourite[o] = id;
}

static int cast_load(struct store *st, struct cast *c, struct loket_err *err)
{
	struct view *items;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = cast_groups(st, c, err)) || (rc = cast_orgs(st, c, err)) ||
	    (rc = list_all(st, &record_users, &items, err)))
		return rc;
	for (const struct view_item *it = items->u.list.head; it; it = it->next)
		cast_user(c, it->val);
	for (int g = 0; g < NGROUPS; g++)
		if (!c->nagent[g])
			return loket_err_set(err, LOKET_EINTERNAL, NULL, "demo: no agents in %s",
					     group_names[g]);
	if (!c->nrequester[0] || !c->nrequester[1] || !c->manager)
		return loket_err_set(err, LOKET_EINTERNAL, NULL,
				     "demo: requesters in both organisations and a manager needed");
	return 0;
}

/* --- planning a ticket's story --- */

enum op { OP_ASSIGN, OP_REPLY, OP_NOTE, OP_STATUS, OP_FUNCTIONAL, OP_HIERARCHICAL };

struct step {
	int64_t at; /* business seconds after the ticket was raised */
	enum op op;
	int64_t actor;
	int64_t who;   /* OP_ASSIGN: the assignee; OP_HIERARCHICAL: the manager */
	int64_t group; /* OP_ASSIGN (0: unchanged), OP_FUNCTIONAL: the group */
	enum tkt_state to;
	const char *text; /* the comment, the escalation's reason, the resolution notes */
	const char *code; /* the pending reason or the resolution code */
};

struct ticket {
	const struct tmpl *tp;
	int org; /* 0: the municipality, 1: the school */
	const char *detail;
	int impact, urgency, priority;
	const char *priority_reason, *channel;
	int64_t requester, creator, group, assignee; /* as raised */
	bool newest;
	int long_wait;	   /* W_*, or NO_WAIT: see long_wait_at() */
	int64_t job_delay; /* ms after the reopen window until the job closes it */
	struct step steps[MAX_STEPS];
	int nsteps;
	int64_t at;	/* planning: business seconds since raised */
	int gidx;	/* planning: the group it is in, -1 none */
	int64_t holder; /* planning: its assignee */
};

struct demo {
	struct store *st;
	struct cast cast;
	struct rng rng;
};

static const int64_t respond_in[5] = {10 * MIN, 30 * MIN, 2 * HOUR, 4 * HOUR, BDAY};
static const int64_t resolve_in[5] = {3 * HOUR, BDAY, 2 * BDAY, 4 * BDAY, 6 * BDAY};

/* The next step, 'after' business seconds after the one before. A story
 * has at most 21 steps (plan_story()); MAX_STEPS leaves room. */
static struct step *then(struct ticket *t, int64_t after, enum op op, int64_t actor)
{
	struct step *s;

	if (t->nsteps == MAX_STEPS)
		abort();
	t->at += after > 0 ? after : 1;
	s = &t->steps[t->nsteps++];
	memset(s, 0, sizeof(*s));
	s->at = t->at;
	s->op = op;
	s->actor = actor;
	return s;
}

/* A member of group g, other than 'but' when the group has others. */
static int64_t agent(struct demo *d, int g, int64_t but)
{
	const struct cast *c = &d->cast;
	int n = c->nagent[g], i = (int)rng_between(&d->rng, 0, n);

	if (c->agent[g][i] == but && n > 1)
		i = (i + (int)rng_between(&d->rng, 1, n)) % n;
	return c->agent[g][i];
}

/* The text with {} replaced by the ticket's detail. */
static const char *fill(struct demo *d, const struct ticket *t, const char *text)
{
	const char *at = text ? strstr(text, "{}") : NULL;

	if (!at)
		return text;
	return arena_printf(d->st->arena, "%.*s%s%s", (int)(at - text), text, t->detail,
			    fill(d, t, at + 2));
}

static void assign(struct ticket *t, int64_t after, int64_t actor, int g, int64_t who,
		   const struct cast *c)
{
	struct step *s = then(t, after, OP_ASSIGN, actor);

	s->who = who;
	s->group = g != t->gidx ? c->group[g] : 0;
	t->gidx = g;
	t->holder = who;
}

static void reply(struct ticket *t, int64_t after, int64_t actor, enum op op, const char *text)
{
	then(t, after, op, actor)->text = text;
}

static struct step *status(struct ticket *t, int64_t after, int64_t actor, enum tkt_state to)
{
	struct step *s = then(t, after, OP_STATUS, actor);

	s->to = to;
	return s;
}

/* How it arrives: the requester raises it in the portal (or through the
 * API), or the desk logs it from a mail, a call or someone at the desk. */
static void plan_intake(struct demo *d, struct ticket *t)
{
	static const char *const channels[] = {"portal", "email", "phone", "walk_in", "api"};
	static const int weights[] = {45, 25, 20, 7, 3};
	int64_t roll = rng_between(&d->rng, 0, 100), sum = 0;
	int ch = 0;

	while (roll >= (sum += weights[ch]))
		ch++;
	if (t->priority <= 2 && rng_pct(&d->rng, 60))
		ch = 2; /* an outage is phoned in */
	if (ch == 3 && t->org == 1)
		ch = 2; /* the school is across town: they call */
	if (t->newest)
		ch = 0;
	t->channel = channels[ch];
	t->creator = ch == 0 || ch == 4 ? t->requester : agent(d, SD, 0);
	t->gidx = -1;
	if (ch == 1 || ch == 2 || ch == 3) {
		/* The desk logs it in the group that will take it. */
		t->gidx = t->tp->route == ROUTED ? t->tp->home : SD;
		t->group = d->cast.group[t->gidx];
		if (t->gidx == SD && ch != 1)
			t->assignee = t->holder = t->creator;
	}
}

/* Triage, the first public reply (which the SLA counts) and starting work. */
static void plan_response(struct demo *d, struct ticket *t)
{
	const struct tmpl *tp = t->tp;
	int64_t respond = respond_in[t->priority - 1], queue = resolve_in[t->priority - 1] / 3;

	if (t->holder) {
		/* They are on the line: the answer is immediate. */
		reply(t, rng_between(&d->rng, MIN, 10 * MIN), t->holder, OP_REPLY,
		      fill(d, t, tp->reply));
	} else {
		int g = t->gidx < 0 ? (tp->route == ROUTED ? tp->home : SD) : t->gidx;
		int64_t a = agent(d, g, 0), by = t->gidx < 0 ? agent(d, SD, 0) : a;
		/* The desk goes through its queue a few times a day. */
		assign(t, respond * rng_between(&d->rng, 40, 150) / 100, by, g, a, &d->cast);
		reply(t, rng_between(&d->rng, MIN, respond * 2 / 5), a, OP_REPLY,
		      fill(d, t, tp->reply));
	}
	/* Then it waits in the agent's queue for a while. */
	status(t, rng_between(&d->rng, 10 * MIN, queue), t->holder, TKT_IN_PROGRESS);
	if (rng_pct(&d->rng, 85))
		reply(t, rng_between(&d->rng, 5 * MIN, 2 * HOUR), t->holder, OP_NOTE,
		      fill(d, t, tp->note));
}

/* The desk tried; the second line takes it over and picks it up. */
static void plan_escalation(struct demo *d, struct ticket *t)
{
	static const char *const passed[2] = {
		"We've passed your ticket on to our %s team, who will take it from here.",
		"We hebben je melding doorgezet naar ons team %s; zij nemen het over."};
	int64_t fix = resolve_in[t->priority - 1], b;
	struct step *s;

	if (rng_pct(&d->rng, 70))
		reply(t, fix * rng_between(&d->rng, 5, 25) / 100, t->holder, OP_REPLY,
		      arena_printf(d->st->arena, passed[t->tp->nl], group_names[t->tp->home]));
	s = then(t, rng_between(&d->rng, MIN, 5 * MIN), OP_FUNCTIONAL, t->holder);
	s->group = d->cast.group[t->tp->home];
	s->text = t->tp->why;
	t->gidx = t->tp->home;
	t->holder = 0;
	b = agent(d, t->gidx, 0);
	assign(t, rng_between(&d->rng, 10 * MIN, (t->priority <= 2 ? 1 : 3) * HOUR), b, t->gidx, b,
	       &d->cast);
	if (rng_pct(&d->rng, 80))
		reply(t, rng_between(&d->rng, 5 * MIN, HOUR), b, OP_NOTE,
		      pickups[rng_between(&d->rng, 0, COUNT(pickups))]);
}

static void plan_handover(struct demo *d, struct ticket *t)
{
	int64_t c = agent(d, t->gidx, t->holder);

	if (c == t->holder)
		return;
	assign(t, rng_between(&d->rng, HOUR, BDAY), c, t->gidx, c, &d->cast);
	reply(t, rng_between(&d->rng, MIN, 20 * MIN), c, OP_NOTE,
	      handovers[rng_between(&d->rng, 0, COUNT(handovers))]);
}

static void plan_to_manager(struct demo *d, struct ticket *t)
{
	struct step *s = then(t, rng_between(&d->rng, 5 * MIN, HOUR), OP_HIERARCHICAL, t->holder);

	s->who = d->cast.manager;
	s->text = t->priority <= 2 ? to_manager[t->org][rng_between(&d->rng, 0, 2)]
				   : complaints[rng_between(&d->rng, 0, COUNT(complaints))];
}

/* Waiting on the requester, a supplier or a change; returns how long. */
static int64_t plan_wait(struct demo *d, struct ticket *t)
{
	int w = t->tp->wait, nl = t->tp->nl;
	int64_t start;
	struct step *s;

	if (w == NO_WAIT || !rng_pct(&d->rng, 60))
		w = rng_pct(&d->rng, 12) ? W_REQUESTER : NO_WAIT;
	if (t->long_wait != NO_WAIT)
		w = t->long_wait;
	if (w == NO_WAIT)
		return 0;
	s = status(t, rng_between(&d->rng, 10 * MIN, 2 * HOUR), t->holder, TKT_PENDING);
	s->code = tkt_pending_reasons[w];
	start = t->at;
	if (w == W_REQUESTER) {
		const struct exchange *e =
			&asks[t->tp->type == 'R' ? 4 : rng_between(&d->rng, 0, 4)][nl];
		reply(t, rng_between(&d->rng, MIN, 5 * MIN), t->holder, OP_REPLY, e->ask);
		/* Their answer takes the ticket back to work (api/conversation.c). */
		reply(t,
		      t->long_wait != NO_WAIT ? LONG_WAIT
					      : rng_between(&d->rng, BDAY / 2, 5 * BDAY),
		      t->requester, OP_REPLY, e->answer);
	} else {
		const struct exchange *e = &waits[w][nl];
		reply(t, rng_between(&d->rng, MIN, 5 * MIN), t->holder, OP_REPLY, e->ask);
		int64_t length =
			rng_between(&d->rng, w == W_SUPPLIER ? 3 * BDAY : 5 * BDAY, 20 * BDAY);
		status(t, t->long_wait != NO_WAIT ? LONG_WAIT : length, t->holder, TKT_IN_PROGRESS);
		reply(t, rng_between(&d->rng, MIN, 10 * MIN), t->holder, OP_NOTE, e->answer);
	}
	return t->at - start;
}

/* The requester no longer needs it: the desk cancels it. */
static void plan_cancel(struct demo *d, struct ticket *t)
{
	int nl = t->tp->nl;

	reply(t, rng_between(&d->rng, 30 * MIN, BDAY), t->requester, OP_REPLY, cancels[nl][0]);
	reply(t, rng_between(&d->rng, 5 * MIN, HOUR), t->holder, OP_REPLY, cancels[nl][1]);
	status(t, rng_between(&d->rng, MIN, 5 * MIN), t->holder, TKT_CANCELLED);
}

static const char *resolution_code(struct demo *d, const struct ticket *t, const char **notes)
{
	int64_t roll = rng_between(&d->rng, 0, 100);
	int nl = t->tp->nl;

	*notes = fill(d, t, t->tp->fix);
	if (t->tp->type == 'R')
		return "request_fulfilled";
	if (roll < 3) {
		*notes = duplicate_notes[nl];
		return "duplicate";
	}
	if (roll < 6 && t->priority >= 3) {
		*notes = unreproducible_notes[nl];
		return "not_reproducible";
	}
	return t->tp->code ? t->tp->code : "fixed";
}

static void resolve(struct demo *d, struct ticket *t, int64_t after, const char *code,
		    const char *notes)
{
	struct step *s = status(t, after, t->holder, TKT_RESOLVED);

	s->code = code;
	s->text = notes;
}

/* Resolved, perhaps thanked for or reopened (within the requester's
 * reopen_days); closing is play()'s. */
static void plan_finish(struct demo *d, struct ticket *t, int64_t waited)
{
	int nl = t->tp->nl;
	int64_t goal = resolve_in[t->priority - 1] * rng_between(&d->rng, 20, 140) / 100;
	const char *notes, *code = resolution_code(d, t, &notes);
	int64_t after;

	if (rng_pct(&d->rng, 15))
		goal *= rng_between(&d->rng, 2, 5); /* the long tail every desk has */
	after = goal + waited - t->at;
	if (after < 10 * MIN)
		after = rng_between(&d->rng, 10 * MIN, HOUR);
	resolve(d, t, after, code, notes);
	if (t->tp->type == 'I' && rng_pct(&d->rng, 4)) {
		reply(t, rng_between(&d->rng, HOUR, 3 * BDAY), t->requester, OP_REPLY,
		      reopens[nl][0]);
		status(t, rng_between(&d->rng, MIN, 3 * MIN), t->requester, TKT_IN_PROGRESS);
		reply(t, rng_between(&d->rng, 10 * MIN, 2 * HOUR), t->holder, OP_REPLY,
		      reopens[nl][1]);
		resolve(d, t, rng_between(&d->rng, 2 * HOUR, 2 * BDAY), code,
			arena_printf(d->st->arena, "%s%s", reopens[nl][2], notes));
	}
	if (rng_pct(&d->rng, 35))
		reply(t, rng_between(&d->rng, 5 * MIN, 4 * HOUR), t->requester, OP_REPLY,
		      thanks[nl][rng_between(&d->rng, 0, 3)]);
	t->job_delay = rng_between(&d->rng, 1000, JOB_PASS_MS);
}

static void plan_story(struct demo *d, struct ticket *t)
{
	int64_t waited;

	plan_intake(d, t);
	plan_response(d, t);
	if (t->tp->route == ESCALATED)
		plan_escalation(d, t);
	if (rng_pct(&d->rng, 5))
		plan_handover(d, t);
	if (rng_pct(&d->rng, t->priority <= 2 ? 50 : 2))
		plan_to_manager(d, t);
	if (t->priority >= 3 && rng_pct(&d->rng, 4) && t->long_wait == NO_WAIT) {
		plan_cancel(d, t);
		return;
	}
	waited = plan_wait(d, t);
	plan_finish(d, t, waited);
}

/* --- what the ticket is about --- */

static const struct tmpl *pick_template(struct demo *d, char type, int org)
{
	int total = 0;

	for (int i = 0; i < COUNT(tmpls); i++)
		if (tmpls[i].type == type && (tmpls[i].org == EITHER || tmpls[i].org == org))
			total += tmpls[i].weight;
	int64_t roll = rng_between(&d->rng, 0, total);
	for (int i = 0; i < COUNT(tmpls); i++) {
		if (tmpls[i].type != type || (tmpls[i].org != EITHER && tmpls[i].org != org))
			continue;
		if ((roll -= tmpls[i].weight) < 0)
			return &tmpls[i];
	}
	return &tmpls[0];
}

/* Impact and urgency vary a little around the template's; only an outage
 * is a P1, and now and then the desk raises a priority, with a reason. */
static void plan_priority(struct demo *d, struct ticket *t)
{
	int *which;

	t->impact = t->tp->impact;
	t->urgency = t->tp->urgency;
	which = rng_pct(&d->rng, 50) ? &t->impact : &t->urgency;
	if (tkt_priority(t->impact, t->urgency) > 1 && rng_pct(&d->rng, 25)) {
		int v = *which + (rng_pct(&d->rng, 50) ? 1 : -1);
		if (v >= 1 && v <= 3) {
			*which = v;
			if (tkt_priority(t->impact, t->urgency) == 1)
				*which = 2;
		}
	}
	t->priority = tkt_priority(t->impact, t->urgency);
	if (t->priority >= 3 && rng_pct(&d->rng, 3)) {
		t->priority--;
		t->priority_reason = overrides[t->org];
	}
}

/* A template of either type that tends to wait for 'wait'. */
static const struct tmpl *pick_waiting(struct demo *d, int org, int wait)
{
	const struct tmpl *tp;

	do
		tp = pick_template(d, rng_pct(&d->rng, 50) ? 'I' : 'R', org);
	while (tp->wait != wait);
	return tp;
}

/* Every desk has tickets that wait long, and the demo shows each kind of
 * wait: a part on back order, a change waiting for its window, a requester
 * on leave. They are old enough (60 to 80 tickets back, two to three weeks)
 * to have reached their wait whatever else happened first. */
static int long_wait_at(int n)
{
	static const int slots[][2] = {{NTICKETS - 80, W_SUPPLIER},
				       {NTICKETS - 70, W_CHANGE},
				       {NTICKETS - 60, W_REQUESTER}};

	for (int i = 0; i < COUNT(slots); i++)
		if (slots[i][0] == n)
			return slots[i][1];
	return NO_WAIT;
}

/* The major incident (P1) of an organisation. */
static const struct tmpl *pick_major(int org)
{
	for (int i = 0; i < COUNT(tmpls); i++)
		if (!tmpls[i].weight && tmpls[i].org == org)
			return &tmpls[i];
	return &tmpls[0];
}

/* A few major incidents in three months, and not left to chance: a desk
 * this size sees about one a month. */
static int major_at(int n)
{
	static const int majors[][2] = {{64, MUNI}, {190, SCHOOL}, {287, MUNI}};

	for (int i = 0; i < COUNT(majors); i++)
		if (majors[i][0] == n)
			return majors[i][1];
	return -1;
}

/* Ticket number n (0 the oldest): what it is about and its story. */
static void plan_ticket(struct demo *d, struct ticket *t, int n)
{
	char type = rng_pct(&d->rng, 70) ? 'I' : 'R';
	int org = rng_pct(&d->rng, 62) ? MUNI : SCHOOL;
	const struct cast *c = &d->cast;

	memset(t, 0, sizeof(*t));
	t->newest = n == NTICKETS - 1;
	if (major_at(n) >= 0)
		org = major_at(n);
	t->org = org;
	t->long_wait = long_wait_at(n);
	if (major_at(n) >= 0)
		t->tp = pick_major(org);
	else if (t->long_wait != NO_WAIT)
		t->tp = pick_waiting(d, org, t->long_wait);
	else
		t->tp = pick_template(d, type, org);
	if (t->tp->detail != D_NONE)
		t->detail = details[t->tp->detail][org][rng_between(&d->rng, 0, 8)];
	t->requester = c->favourite[org] && rng_pct(&d->rng, 6)
			       ? c->favourite[org]
			       : c->requester[org][rng_between(&d->rng, 0, c->nrequester[org])];
	plan_priority(d, t);
	plan_story(d, t);
}

/* --- playing it through the store --- */

/* Where the ticket stands, to write each step as the API would. */
struct live {
	int64_t id, requester, group, assignee, resolved_at;
	int reassignments, escalations;
	enum tkt_state state;
	const char *pending;
	bool responded, resolved;
};

static int play_create(struct demo *d, const struct ticket *t, struct live *l,
		       struct loket_err *err)
{
	struct store *st = d->st;
	struct view *v = view_obj(st->arena);
	const char *type = t->tp->type == 'R' ? "request" : "incident", *number;
	int rc = store_ticket_number(st, tkt_prefix(type), &number, err);

	if (rc)
		return rc;
	view_set_str(v, "type", type);
	view_set_str(v, "title", fill(d, t, t->tp->title));
	view_set_str(v, "description", fill(d, t, t->tp->desc));
	view_set_str(v, "service", t->tp->service);
	view_set_int(v, "requester_id", t->requester);
	view_set_int(v, "impact", t->impact);
	view_set_int(v, "urgency", t->urgency);
	view_set_int(v, "priority", t->priority);
	if (t->priority_reason)
		view_set_str(v, "priority_reason", t->priority_reason);
	else
		view_set_null(v, "priority_reason");
	view_set_str(v, "channel", t->channel);
	if (t->group)
		view_set_int(v, "group_id", t->group);
	if (t->assignee)
		view_set_int(v, "assignee_id", t->assignee);
	view_set_str(v, "status", t->assignee ? "assigned" : "new");
	view_set_int(v, "organisation_id", d->cast.org[t->org]);
	view_set_str(v, "number", number);
	if ((rc = store_record_create(st, &record_tickets, v, &l->id, err)))
		return rc;
	l->requester = t->requester;
	l->group = t->group;
	l->assignee = t->assignee;
	l->state = t->assignee ? TKT_ASSIGNED : TKT_NEW;
	return store_ticket_index(st, l->id, number, view_get_str(v, "title"),
				  view_get_str(v, "description"), err);
}

static int update(struct demo *d, struct live *l, struct view *ch, struct loket_err *err)
{
	return ch->u.list.count ? store_record_update(d->st, &record_tickets, l->id, 0, ch, err)
				: 0;
}

/* As api/tickets.c assignment_change(): moving a ticket from one group or
 * person to another is a reassignment, picking up an unassigned one is not;
 * a new ticket becomes assigned. The demo always assigns to someone. */
static int play_assign(struct demo *d, const struct step *s, struct live *l, struct loket_err *err)
{
	struct view *ch = view_obj(d->st->arena);
	int64_t group = s->group ? s->group : l->group;
	bool moved = (l->group && group != l->group) || (l->assignee && s->who != l->assignee);

	if (s->group)
		view_set_int(ch, "group_id", group);
	view_set_int(ch, "assignee_id", s->who);
	if (moved)
		view_set_int(ch, "reassignment_count", ++l->reassignments);
	if (s->who && l->state == TKT_NEW) {
		view_set_str(ch, "status", "assigned");
		l->state = TKT_ASSIGNED;
	}
	l->group = group;
	l->assignee = s->who;
	return update(d, l, ch, err);
}

/* As api/conversation.c after_comment(): the desk's first public reply is
 * the first response; the requester's answer ends a wait on them. */
static int play_comment(struct demo *d, const struct step *s, struct live *l, struct loket_err *err)
{
	struct view *ch = view_obj(d->st->arena);
	bool public = s->op == OP_REPLY, from_requester = s->actor == l->requester;
	int64_t cid;
	int rc = store_comment_add(d->st, l->id, s->actor, public ? "public" : "internal", s->text,
				   &cid, err);

	if (rc)
		return rc;
	if (public && !from_requester && !l->responded) {
		view_set_int(ch, "first_response_at", d->st->now);
		l->responded = true;
	}
	if (from_requester && l->state == TKT_PENDING &&
	    !strcmp(l->pending, "awaiting_requester")) {
		view_set_str(ch, "status", "in_progress");
		view_set_null(ch, "pending_reason");
		l->state = TKT_IN_PROGRESS;
		l->pending = NULL;
	}
	return update(d, l, ch, err);
}

/* As api/tickets.c leave_or_enter(). */
static int play_status(struct demo *d, const struct step *s, struct live *l, struct loket_err *err)
{
	struct view *ch = view_obj(d->st->arena);

	if (!tkt_may_move(l->state, s->to))
		return loket_err_set(err, LOKET_EINTERNAL, "status", "demo: %s cannot go to %s",
				     tkt_state_name(l->state), tkt_state_name(s->to));
	view_set_str(ch, "status", tkt_state_name(s->to));
	if (s->to == TKT_PENDING)
		view_set_str(ch, "pending_reason", s->code);
	else
		view_set_null(ch, "pending_reason");
	if (s->to == TKT_RESOLVED) {
		view_set_str(ch, "resolution_code", s->code);
		view_set_str(ch, "resolution_notes", s->text);
		if (!l->resolved)
			view_set_int(ch, "resolved_at", l->resolved_at = d->st->now);
	}
	if (s->to == TKT_CLOSED)
		view_set_int(ch, "closed_at", d->st->now);
	if (l->resolved && s->to != TKT_RESOLVED && s->to != TKT_CLOSED) {
		/* Reopened: the old resolution no longer holds. */
		view_set_null(ch, "resolved_at");
		view_set_null(ch, "resolution_code");
		view_set_null(ch, "resolution_notes");
	}
	l->state = s->to;
	l->pending = s->to == TKT_PENDING ? s->code : NULL;
	l->resolved = s->to == TKT_RESOLVED || (l->resolved && s->to == TKT_CLOSED);
	return update(d, l, ch, err);
}

/* As api/conversation.c escalate(): functional to another group, which
 * must pick it up; hierarchical to a manager, where it stays. */
static int play_escalate(struct demo *d, const struct step *s, struct live *l,
			 struct loket_err *err)
{
	struct view *ch = view_obj(d->st->arena);
	bool functional = s->op == OP_FUNCTIONAL;
	int rc;

	if (!tkt_is_open(l->state) || (functional && s->group == l->group))
		return loket_err_set(err, LOKET_EINTERNAL, NULL, "demo: a bad escalation");
	rc = store_escalation_add(d->st, l->id, functional ? "functional" : "hierarchical",
				  l->group, functional ? s->group : 0, functional ? 0 : s->who,
				  s->text, err);
	if (rc)
		return rc;
	view_set_int(ch, "escalation_count", ++l->escalations);
	if (functional) {
		view_set_int(ch, "group_id", s->group);
		view_set_null(ch, "assignee_id");
		view_set_int(ch, "reassignment_count", ++l->reassignments);
		l->group = s->group;
		l->assignee = 0;
	}
	return update(d, l, ch, err);
}

static int play_step(struct demo *d, const struct step *s, struct live *l, struct loket_err *err)
{
	switch (s->op) {
	case OP_ASSIGN: return play_assign(d, s, l, err);
	case OP_REPLY:
	case OP_NOTE: return play_comment(d, s, l, err);
	case OP_STATUS: return play_status(d, s, l, err);
	case OP_FUNCTIONAL:
	case OP_HIERARCHICAL: return play_escalate(d, s, l, err);
	}
	return 0;
}

/* As jobs/jobs.c does: a resolved ticket closes itself, by the system,
 * once its requester may no longer reopen it. */
static int play_job(struct demo *d, const struct ticket *t, struct live *l, int64_t now_ms,
		    struct loket_err *err)
{
	static const struct step close = {.op = OP_STATUS, .to = TKT_CLOSED};
	int64_t at = l->resolved_at + REOPEN_DAYS * 86400000 + t->job_delay;

	if (l->state != TKT_RESOLVED || at >= now_ms)
		return 0;
	d->st->now = at;
	d->st->actor_id = 0;
	return play_step(d, &close, l, err);
}

/* Raises the ticket 'age' business seconds before 'now' and plays what
 * happened to it since. */
static int play(struct demo *d, const struct ticket *t, int64_t now, int64_t now_ms, int64_t age,
		struct loket_err *err)
{
	struct store *st = d->st;
	struct live l = {0};
	int64_t raised = now - age;
	int rc;

	st->now = ms_of(raised);
	st->actor_id = t->creator;
	rc = play_create(d, t, &l, err);
	for (int i = 0; !rc && i < t->nsteps && t->steps[i].at < age; i++) {
		st->now = ms_of(raised + t->steps[i].at);
		st->actor_id = t->steps[i].actor;
		rc = play_step(d, &t->steps[i], &l, err);
	}
	return rc ? rc : play_job(d, t, &l, now_ms, err);
}

int cli_demo_tickets(struct store *st, struct loket_err *err)
{
	struct demo *d = xcalloc(1, sizeof(*d));
	struct ticket *t = xcalloc(1, sizeof(*t));
	struct arena *arena = st->arena;
	int64_t now = st->now, actor = st->actor_id, biz_now = biz_of(st->now);
	int64_t gap = SPAN / NTICKETS;
	int rc;

	d->st = st;
	d->rng.s = SEED;
	rc = cast_load(st, &d->cast, err);
	for (int i = 0; !rc && i < NTICKETS; i++) {
		/* Oldest first, so that numbers grow with time; one arena per
		 * ticket keeps the memory of 360 stories small. */
		struct arena scratch = ARENA_INIT;
		int64_t age = SPAN - i * gap - rng_between(&d->rng, 0, gap - 5 * MIN);
		if (i == NTICKETS - 1)
			age = NEWEST;
		st->arena = &scratch;
		plan_ticket(d, t, i);
		rc = play(d, t, biz_now, now, age, err);
		st->arena = arena;
		arena_release(&scratch);
	}
	st->now = now;
	st->actor_id = actor;
	free(t);
	free(d);
	return rc;
}
