/* Error messages stay valid UTF-8 however they are cut to fit. */
#include <string.h>

#include "core/record.h"
#include "test.h"
#include "util/err.h"

static void long_names_are_cut_between_characters(void)
{
	struct loket_err err = {0};
	char name[200] = "values.";

	for (int i = 0; i < 60; i++)
		strcat(name, "\xc3\xa9"); /* é, two bytes */
	loket_err_field(&err, name, "is not on the form");
	ok(err.nfields == 1);
	ok(utf8_valid(err.fields[0].field, strlen(err.fields[0].field)));
	ok(strlen(err.fields[0].field) < sizeof(err.fields[0].field));
	ok(utf8_valid(err.message, strlen(err.message)));
	ok(!strncmp(err.fields[0].field, "values.\xc3\xa9", 9));
}

static void details_join_every_field(void)
{
	struct loket_err err = {0};

	loket_err_field(&err, "email", "is not valid");
	loket_err_field(&err, "name", "is required");
	ok_msg(!strcmp(err.message, "email: is not valid; name: is required"), "%s", err.message);
	ok(loket_err_status(err.code) == 400);
}

int main(void)
{
	long_names_are_cut_between_characters();
	details_join_every_field();
	return test_done();
}
