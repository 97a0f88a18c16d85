# A nonblocking accept with nobody waiting: -1 and EAGAIN

# listener l on 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 1, 2
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1 STDIO
#   socat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat sets SO_REUSEADDR on every listener (not asked for here)
#   ncat: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: s_server sets SO_REUSEADDR on every listener (not asked for here)
#   openssl: BIO_SOCK_NONBLOCK on a listener only makes an accept with nobody waiting return at once; these commands wait for a connection before they accept, so it changes nothing they do

# steps with no equivalent command:
#   step 3 a = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves, as part of listening
#   step 4 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
