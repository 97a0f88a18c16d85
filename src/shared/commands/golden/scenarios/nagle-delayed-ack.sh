# Nagle and delayed ACKs: the 40 ms stall BIO_SOCK_NODELAY removes

# listener l on 127.0.0.1:$PORT_l, steps 0, 1
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat "TCP4-LISTEN:$PORT_l,bind=127.0.0.1" STDIO
ncat -4 -l 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
openssl s_server -4 -accept "127.0.0.1:$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)

# connection nagle to 127.0.0.1:$PORT_l, steps 2, 3
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO "TCP4:127.0.0.1:$PORT_l"
ncat -4 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
openssl s_client -4 -connect "127.0.0.1:$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_client sets TCP_NODELAY on every TCP connection (not asked for here)

# connection nodelay to 127.0.0.1:$PORT_l (BIO_SOCK_NODELAY), steps 28, 29
#   set PORT_l first: the port socket l is bound to (the kernel picks it: port 0 in the scenario)
socat STDIO "TCP4:127.0.0.1:$PORT_l,nodelay"
ncat -4 127.0.0.1 "$PORT_l"
#   ncat: ncat connects without blocking (O_NONBLOCK) whatever is asked
#   ncat: ncat has no option for TCP_NODELAY (BIO_SOCK_NODELAY)
openssl s_client -4 -connect "127.0.0.1:$PORT_l"
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries

# steps with no equivalent command:
#   step 4 served1 = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 5 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 6 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 7 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 8 poll(&(struct pollfd){ served1, POLLIN }, 1, 1000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 9 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 10 BIO_write(bio_served1, data, 2): no option sends data: type it into the command (its standard input)
#   step 11 BIO_read(bio_nagle, buf, 2): no option reads: the command prints what it receives
#   step 12 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 13 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 14 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 15 poll(&(struct pollfd){ served1, POLLIN }, 1, 1000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 16 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 17 BIO_write(bio_served1, data, 2): no option sends data: type it into the command (its standard input)
#   step 18 BIO_read(bio_nagle, buf, 2): no option reads: the command prints what it receives
#   step 19 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 20 BIO_write(bio_nagle, data, 4): no option sends data: type it into the command (its standard input)
#   step 21 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 22 poll(&(struct pollfd){ served1, POLLIN }, 1, 1000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 23 BIO_read(bio_served1, buf, 4): no option reads: the command prints what it receives
#   step 24 BIO_write(bio_served1, data, 2): no option sends data: type it into the command (its standard input)
#   step 25 BIO_read(bio_nagle, buf, 2): no option reads: the command prints what it receives
#   step 26 BIO_closesocket(nagle): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 27 BIO_closesocket(served1): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 30 served2 = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 31 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 32 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 33 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 34 poll(&(struct pollfd){ served2, POLLIN }, 1, 1000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 35 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 36 BIO_write(bio_served2, data, 2): no option sends data: type it into the command (its standard input)
#   step 37 BIO_read(bio_nodelay, buf, 2): no option reads: the command prints what it receives
#   step 38 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 39 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 40 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 41 poll(&(struct pollfd){ served2, POLLIN }, 1, 1000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 42 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 43 BIO_write(bio_served2, data, 2): no option sends data: type it into the command (its standard input)
#   step 44 BIO_read(bio_nodelay, buf, 2): no option reads: the command prints what it receives
#   step 45 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 46 BIO_write(bio_nodelay, data, 4): no option sends data: type it into the command (its standard input)
#   step 47 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 48 poll(&(struct pollfd){ served2, POLLIN }, 1, 1000): the commands wait for data on their own; there is no separate poll(2) to ask for
#   step 49 BIO_read(bio_served2, buf, 4): no option reads: the command prints what it receives
#   step 50 BIO_write(bio_served2, data, 2): no option sends data: type it into the command (its standard input)
#   step 51 BIO_read(bio_nodelay, buf, 2): no option reads: the command prints what it receives
#   step 52 BIO_closesocket(nodelay): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 53 BIO_closesocket(served2): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
#   step 54 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
