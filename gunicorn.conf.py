"""gunicorn's settings for ``gunicorn app:server``, read from the folder it starts in (the repository's
root; /opt/positioning in the image and for the systemd unit). The command lines name the address, the
workers and the timeout; this file says how each worker serves (issue 25, the load test).

- **Threads** (``gthread``): a worker answers up to :data:`threads` requests at once. A page opens with
  some fifteen requests one after another (the page, Dash's layout and dependencies, the first
  callbacks); with one request per worker (``sync``), each waited behind whatever the two workers were
  doing (a chart, an export's download), and the waits added up. Python runs one thread of a worker at a
  time, so more threads than this add waiting, not speed, on a 2-core machine.
- **Keep-alive**: a browser (or the login proxy) sends those requests on one connection instead of
  opening a new one for each (``sync`` workers close every connection after its answer). An idle
  connection costs a threaded worker no thread; it is kept longer than the proxies in front keep theirs
  (nginx 60 s, oauth2-proxy 90 s), so that gunicorn never closes one just as the proxy sends on it.
"""

worker_class = "gthread"
threads = 4
keepalive = 120
