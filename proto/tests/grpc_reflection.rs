//! End to end on loopback: a tonic server with `tonic-reflection` fed `FILE_DESCRIPTOR_SET` lists
//! the Cosmos services, and a client that only knows what reflection tells it (as grpcurl does:
//! `FileContainingSymbol`, then `FileByFilename` for each dependency) can rebuild every service
//! with all of its methods and message types.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use prost::Message;
use prost_reflect::DescriptorPool;
use symbiote_proto::{FILE_DESCRIPTOR_SET, SERVICE_NAMES};
use tonic::transport::{Channel, Server};
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::ServerReflectionRequest;

/// Cosmos query services whose schema is restated but which the app does not serve yet (so they
/// are not in `SERVICE_NAMES`, which the app's reflection lists); described all the same.
const DESCRIBED_NOT_YET_SERVED: &[&str] = &[];

/// The two `google.protobuf.FileDescriptorProto` fields a reflection client needs to follow
/// imports (decoded without pulling in a descriptor crate).
#[derive(Clone, PartialEq, Message)]
struct FileHeader {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(string, repeated, tag = "3")]
    dependency: Vec<String>,
}

async fn ask(client: &mut ServerReflectionClient<Channel>, request: MessageRequest) -> MessageResponse {
    let request = ServerReflectionRequest { host: String::new(), message_request: Some(request) };
    let mut responses =
        client.server_reflection_info(futures::stream::iter([request])).await.expect("reflection call").into_inner();
    let response = responses.message().await.expect("reflection stream").expect("one response");
    response.message_response.expect("response carries a message")
}

/// Fetches `first` and, recursively, every file it imports; returns raw descriptors by file name.
async fn fetch_files(client: &mut ServerReflectionClient<Channel>, first: MessageRequest) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut queue = vec![first];
    while let Some(request) = queue.pop() {
        let MessageResponse::FileDescriptorResponse(found) = ask(client, request.clone()).await else {
            panic!("no file for {request:?}");
        };
        for raw in found.file_descriptor_proto {
            let header = FileHeader::decode(raw.as_slice()).expect("a FileDescriptorProto");
            for dep in &header.dependency {
                if !files.contains_key(dep) {
                    queue.push(MessageRequest::FileByFilename(dep.clone()));
                }
            }
            files.insert(header.name, raw);
        }
    }
    files
}

/// Adds `name` to `pool` after its imports, as a reflection client must.
fn add_in_order(pool: &mut DescriptorPool, files: &BTreeMap<String, Vec<u8>>, name: &str, done: &mut BTreeSet<String>) {
    if !done.insert(name.to_owned()) {
        return;
    }
    let raw = files.get(name).unwrap_or_else(|| panic!("reflection never served {name}"));
    for dep in FileHeader::decode(raw.as_slice()).expect("decodes").dependency {
        add_in_order(pool, files, &dep, done);
    }
    pool.decode_file_descriptor_proto(raw.as_slice()).unwrap_or_else(|e| panic!("{name}: {e}"));
}

#[tokio::test]
async fn reflection_lists_and_describes_the_cosmos_services() {
    tokio::time::timeout(Duration::from_secs(60), async {
        // v1alpha is what older grpcurl builds ask for; both must accept the set.
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET.as_slice())
            .build_v1alpha()
            .expect("tonic-reflection (v1alpha) accepts the descriptor set");
        let reflection = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET.as_slice())
            .build_v1()
            .expect("tonic-reflection (v1) accepts the descriptor set");

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let incoming = futures::stream::unfold(listener, |listener| async move {
            let next = listener.accept().await.map(|(stream, _)| stream);
            Some((next, listener))
        });
        let server = tokio::spawn(Server::builder().add_service(reflection).serve_with_incoming(incoming));
        let mut client = ServerReflectionClient::new(
            Channel::from_shared(format!("http://{addr}")).expect("uri").connect().await.expect("connect"),
        );

        // `grpcurl list`
        let MessageResponse::ListServicesResponse(list) =
            ask(&mut client, MessageRequest::ListServices(String::new())).await
        else {
            panic!("ListServices answered with something else");
        };
        let listed: BTreeSet<String> = list.service.into_iter().map(|s| s.name).collect();
        for service in SERVICE_NAMES {
            assert!(listed.contains(*service), "{service} not listed: {listed:?}");
        }
        // Without a list of service names, reflection lists every service described; the node
        // lists exactly what it serves (checked by the app's tests).
        for extra in listed.iter().filter(|s| !SERVICE_NAMES.contains(&s.as_str())) {
            assert!(
                extra.starts_with("grpc.reflection.")
                    || extra.starts_with("symbiote.")
                    || extra.ends_with(".Msg")
                    || DESCRIBED_NOT_YET_SERVED.contains(&extra.as_str()),
                "unexpected service listed: {extra}"
            );
        }

        // `grpcurl describe <service>`, rebuilt from reflection answers alone
        let ours = DescriptorPool::decode(FILE_DESCRIPTOR_SET.as_slice()).expect("decodes");
        let msg_services = [
            "cosmos.staking.v1beta1.Msg",
            "cosmos.mint.v1beta1.Msg",
            "cosmos.distribution.v1beta1.Msg",
            "cosmos.slashing.v1beta1.Msg",
        ];
        let described = SERVICE_NAMES.iter().chain(DESCRIBED_NOT_YET_SERVED).chain(&msg_services);
        for service in described {
            let files = fetch_files(&mut client, MessageRequest::FileContainingSymbol(service.to_string())).await;
            let mut pool = DescriptorPool::new();
            let mut done = BTreeSet::new();
            for name in files.keys() {
                add_in_order(&mut pool, &files, name, &mut done);
            }
            let remote = pool.get_service_by_name(service).unwrap_or_else(|| panic!("{service} not described"));
            let local = ours.get_service_by_name(service).expect("in our pool");
            let methods = |s: &prost_reflect::ServiceDescriptor| {
                s.methods()
                    .map(|m| (m.name().to_owned(), m.input().full_name().to_owned(), m.output().full_name().to_owned()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(methods(&remote), methods(&local), "{service}: methods seen through reflection");
        }

        // `grpcurl describe <message>`
        let MessageResponse::FileDescriptorResponse(found) =
            ask(&mut client, MessageRequest::FileContainingSymbol("cosmos.bank.v1beta1.QueryBalanceRequest".into()))
                .await
        else {
            panic!("message symbol not found");
        };
        let header = FileHeader::decode(found.file_descriptor_proto[0].as_slice()).expect("decodes");
        assert_eq!(header.name, "cosmos/bank/v1beta1/query.proto");

        server.abort();
    })
    .await
    .expect("reflection round trip finished within 60 s");
}
