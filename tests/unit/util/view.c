/* The view model's JSON and escaping. */
#include <string.h>

#include "test.h"
#include "util/view.h"

static void json_output(void)
{
	struct arena a = ARENA_INIT;
	struct buf b = BUF_INIT(0);
	struct view *v = view_obj(&a), *arr = view_arr(&a);

	view_set_str(v, "name", "Ada \"the\" <first>\n\x01");
	view_set_int(v, "n", -9007199254740993LL);
	view_set_bool(v, "ok", true);
	view_set_null(v, "none");
	view_push(arr, view_num(&a, 0.1));
	view_push(arr, view_str(&a, "f\xc3\xa5r"));
	view_set(v, "list", arr);
	view_set_str(v, "name", "replaced");
	view_write_json(v, &b);
	ok_msg(!strcmp(buf_str(&b), "{\"name\":\"replaced\",\"n\":-9007199254740993,\"ok\":true,"
				    "\"none\":null,\"list\":[0.1,\"f\xc3\xa5r\"]}"),
	       "%s", buf_str(&b));
	buf_reset(&b);
	buf_add_json_str(&b, "q\"\\\n\x01");
	ok_msg(!strcmp(buf_str(&b), "\"q\\\"\\\\\\n\\u0001\""), "%s", buf_str(&b));
	buf_release(&b);
	arena_release(&a);
}

static void html_escaping(void)
{
	struct buf b = BUF_INIT(0);

	buf_add_html(&b, "<a href=\"x\" onclick='y'>&`</a>");
	ok_msg(!strcmp(buf_str(&b), "&lt;a href&#61;&quot;x&quot; "
				    "onclick&#61;&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;"),
	       "%s", buf_str(&b));
	buf_release(&b);
}

static void caps_are_sticky(void)
{
	struct buf b = BUF_INIT(8);

	buf_add_raw(&b, "12345");
	buf_add_raw(&b, "6789");
	ok(buf_failed(&b));
	buf_add_raw(&b, "x");
	ok(b.len == 5);
	buf_release(&b);
}

static void equality(void)
{
	struct arena a = ARENA_INIT;
	struct view *x = view_arr(&a), *y = view_arr(&a);

	view_push(x, view_int(&a, 1));
	view_push(y, view_int(&a, 1));
	ok(view_equal(x, y));
	view_push(y, view_int(&a, 2));
	ok(!view_equal(x, y));
	ok(!view_equal(view_str(&a, "1"), view_int(&a, 1)));
	ok(view_falsey(view_arr(&a)) && !view_falsey(view_str(&a, "")));
	arena_release(&a);
}

int main(void)
{
	json_output();
	html_escaping();
	caps_are_sticky();
	equality();
	return test_done();
}
