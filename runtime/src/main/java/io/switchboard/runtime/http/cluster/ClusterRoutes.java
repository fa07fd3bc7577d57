package io.switchboard.runtime.http.cluster;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.switchboard.runtime.http.ApiContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/cluster/members}: the members this node knows, with status and reachability, the
 * read the management port's {@code /cluster/members} gives, on the API's port and auth.
 */
public final class ClusterRoutes {
  private final ApiContext api;

  public ClusterRoutes(ApiContext api) {
    this.api = api;
  }

  /** Routes matched at {@code /v1/cluster}. */
  public Route routes() {
    return path("members", () -> get(() -> complete(api.ok(members()))));
  }

  private MemberList members() {
    Cluster cluster = Cluster.get(api.switchboard().system());
    // the gossiped state this node holds: a local read, no ask, so it answers even when the cluster
    // is split
    CurrentClusterState state = cluster.state();
    Set<Address> unreachable =
        state.getUnreachable().stream().map(Member::address).collect(Collectors.toSet());
    List<MemberView> members = new ArrayList<>();
    StreamSupport.stream(state.getMembers().spliterator(), false)
        .forEach(
            member ->
                members.add(
                    new MemberView(
                        member.address().toString(),
                        member.status().toString(),
                        !unreachable.contains(member.address()),
                        List.copyOf(member.getRoles()))));
    Address leader = state.getLeader();
    return new MemberList(
        cluster.selfMember().address().toString(),
        leader == null ? null : leader.toString(),
        members);
  }

  /** The answer: this node, the leader (null while there is none) and every member. */
  public record MemberList(String selfNode, String leader, List<MemberView> members) {}

  /**
   * One member: its address, Pekko's status ({@code Up}, {@code Leaving}, ...) and whether this
   * node reaches it.
   */
  public record MemberView(String node, String status, boolean reachable, List<String> roles) {}
}
