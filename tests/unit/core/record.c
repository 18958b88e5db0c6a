/* Field checks: UTF-8, lengths, e-mail addresses, dates, languages, zones. */
#include <string.h>

#include "core/record.h"
#include "test.h"

static int check(const char *record, const char *field, const char *text)
{
	struct loket_err err = {0};
	const struct field_def *f = record_field(record_find(record), field);

	return field_check_text(f, text, strlen(text), &err);
}

static void utf8(void)
{
	ok(utf8_valid("plain", 5));
	ok(utf8_valid("f\xc3\xa5r \xe2\x82\xac \xf0\x9f\x98\x80", 13));
	ok(!utf8_valid("\xc3\x28", 2));		/* bad continuation */
	ok(!utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	ok(!utf8_valid("\xed\xa0\x80", 3));	/* a surrogate */
	ok(!utf8_valid("\xf4\x90\x80\x80", 4)); /* beyond U+10FFFF */
	ok(!utf8_valid("\xe2\x82", 2));		/* cut short */
	ok(utf8_length("f\xc3\xa5r", 4) == 3);
}

static void emails(void)
{
	ok(check("users", "email", "ada@example.org") == 0);
	ok(check("users", "email", "a.b+c@sub.example.org") == 0);
	ok(check("users", "email", "ada") != 0);
	ok(check("users", "email", "@example.org") != 0);
	ok(check("users", "email", "ada@localhost") != 0);
	ok(check("users", "email", "a da@example.org") != 0);
	ok(check("users", "email", "a@b@example.org") != 0);
}

static void dates_languages_zones(void)
{
	ok(check("users", "leaving_date", "2024-02-29") == 0);
	ok(check("users", "leaving_date", "2023-02-29") != 0);
	ok(check("users", "leaving_date", "2026-13-01") != 0);
	ok(check("users", "leaving_date", "26-1-1") != 0);
	ok(check("users", "language", "nb") == 0);
	ok(check("users", "language", "de") != 0);
	ok(check("users", "time_zone", "Europe/Amsterdam") == 0);
	ok(check("users", "time_zone", "../etc/passwd") != 0);
}

static void lengths_and_control_characters(void)
{
	char long_name[202];
	struct loket_err err = {0};
	const struct field_def *f = record_field(&record_users, "name");

	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	ok(check("users", "name", long_name) != 0);
	long_name[200] = '\0';
	ok(check("users", "name", long_name) == 0);
	ok(check("users", "name", "") != 0);
	ok(check("users", "name", "tab\there") != 0);
	ok(check("groups", "description", "two\nlines") == 0);
	ok(field_check_text(f, "\xff", 1, &err) == LOKET_EINVAL);
	ok(!strcmp(err.fields[0].field, "name"));
}

int main(void)
{
	utf8();
	emails();
	dates_languages_zones();
	lengths_and_control_characters();
	return test_done();
}
